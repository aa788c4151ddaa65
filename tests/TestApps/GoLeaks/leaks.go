package main

import (
	"bytes"
	"encoding/gob"
	"fmt"
	"io"
	"regexp"
	"runtime"
	"strings"
	"sync"
	"time"
)

// --- sessions: a map that is only added to ---------------------------------------------------------------------

type Session struct {
	ID    string
	User  string
	State [512]byte
}

type SessionStore struct {
	sessions map[string]*Session
}

var store = &SessionStore{sessions: map[string]*Session{}}

//go:noinline
func (s *SessionStore) Open(id, user string) *Session {
	session := &Session{ID: id, User: user}
	s.sessions[id] = session // bug: sessions are never closed
	return session
}

func handleLogin(i int) {
	id := fmt.Sprintf("session-%08d", i)
	store.Open(id, id[8:])
}

func sessionsRound(round, _ int) {
	for i := 0; i < 400; i++ {
		handleLogin(round*1000 + i)
	}
}

// --- syncmap: sync.Maps whose entries are never deleted ------------------------------------------------------------

// A Topic's subscribers: one sync.Map per topic, and topics are kept after their last subscriber has gone.
type Topic struct {
	subscribers sync.Map
}

var topics []*Topic

//go:noinline
func (t *Topic) Subscribe(id int) {
	t.subscribers.Store(id, struct{}{}) // bug: never t.subscribers.Delete(id) when the subscriber leaves
}

func syncMapRound(round, _ int) {
	topic := &Topic{}
	topics = append(topics, topic)
	for i := 0; i < 5000; i++ {
		topic.Subscribe(round*100000 + i)
	}
}

// --- goroutines: a watcher per request that waits forever ----------------------------------------------------------

type Poller struct {
	updates chan int
}

//go:noinline
func (p *Poller) watch() {
	for range p.updates { // bug: nobody closes p.updates
	}
}

var pool = make(chan func())

func worker() {
	for job := range pool {
		job()
	}
}

func goroutinesRound(round, _ int) {
	if round == 0 {
		for i := 0; i < 8; i++ {
			go worker() // a steady pool: never a leak
		}
	}
	for i := 0; i < 25; i++ {
		p := &Poller{updates: make(chan int)}
		go p.watch()
	}
	done := make(chan bool)
	pool <- func() { done <- true }
	<-done
	// A goroutine just started has not reached its receive yet: wait until all of them wait there, so that the
	// profile shows each at the same stack however busy the machine is.
	waitParked("main.(*Poller).watch", 25*(round+1))
	waitParked("main.worker", 8)
}

// waitParked returns once n goroutines are blocked receiving in the function fn.
func waitParked(fn string, n int) {
	parked := regexp.MustCompile(`\[chan receive(, \d+ minutes)?\]:\n` + regexp.QuoteMeta(fn) + `\(`)
	buf := make([]byte, 16<<20)
	for len(parked.FindAllIndex(buf[:runtime.Stack(buf, true)], -1)) < n {
		time.Sleep(time.Millisecond)
	}
}

// --- buffers: bytes.Buffer doubling, a small slice of it kept --------------------------------------------------------

// zeros is an endless body of zero bytes.
type zeros struct{}

func (zeros) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = 0
	}
	return len(p), nil
}

var thumbnails [][]byte

//go:noinline
func download(size int) []byte {
	var b bytes.Buffer
	b.ReadFrom(io.LimitReader(zeros{}, int64(size)))
	return b.Bytes()
}

func buffersRound(round, _ int) {
	for i := 0; i < 12; i++ {
		image := download(100*1024 + i*13)
		thumbnails = append(thumbnails[:len(thumbnails):len(thumbnails)], image[:64]) // bug: keeps the whole buffer
	}
}

// --- gob: decoded values kept by a cache keyed by the round ------------------------------------------------------------

type Strategy struct {
	ID   int
	Tags map[string]string
}

var strategies = map[int]*Strategy{}

func roundTrip(s *Strategy) *Strategy {
	var wire bytes.Buffer
	if err := gob.NewEncoder(&wire).Encode(s); err != nil {
		panic(err)
	}
	var got Strategy
	if err := gob.NewDecoder(&wire).Decode(&got); err != nil {
		panic(err)
	}
	return &got
}

func gobRound(round, _ int) {
	for i := 0; i < 60; i++ {
		tags := map[string]string{}
		for j := 0; j < 8; j++ {
			tags[fmt.Sprintf("tag%d", j)] = strings.Repeat("v", 200) + fmt.Sprint(i*j+round)
		}
		strategies[round*1000+i] = roundTrip(&Strategy{ID: i, Tags: tags}) // bug: keyed by round, never evicted
	}
}
