package main

import (
	"container/list"
	"fmt"
	"math"
	"runtime/debug"
)

// --- cache: fills up in the first rounds, then stays full -----------------------------------------------------------

type Product struct {
	ID   int
	Page [1024]byte
}

type Catalog struct {
	products map[int]*Product
}

var catalog = &Catalog{products: map[int]*Product{}}

//go:noinline
func (c *Catalog) fill(id int) {
	if _, ok := c.products[id]; !ok {
		c.products[id] = &Product{ID: id}
	}
}

func cacheRound(round, _ int) {
	// Requests for 3000 products, each round seeing more of them: the cache fills up quickly, then stays full.
	seen := int(3000 * (1 - math.Exp(-float64(round+1)/1.5)))
	for id := 0; id < seen; id++ {
		catalog.fill(id)
	}
}

// --- lru: a bounded LRU at its limit ------------------------------------------------------------------------------

type entry struct {
	key   int
	value []byte
}

type LRU struct {
	limit int
	order *list.List
	items map[int]*list.Element
}

var lru = &LRU{limit: 2000, order: list.New(), items: map[int]*list.Element{}}

//go:noinline
func (c *LRU) Put(key int) {
	if e, ok := c.items[key]; ok {
		c.order.MoveToFront(e)
		return
	}
	c.items[key] = c.order.PushFront(&entry{key: key, value: make([]byte, 1024)})
	if c.order.Len() > c.limit {
		oldest := c.order.Back()
		c.order.Remove(oldest)
		delete(c.items, oldest.Value.(*entry).key)
	}
}

func lruRound(round, _ int) {
	if round == 0 {
		for key := 0; key < 2000; key++ {
			lru.Put(-1 - key) // at its limit before the first profile
		}
	}
	for i := 0; i < 1500; i++ {
		lru.Put(round*10000 + i)
	}
}

// --- churn: much allocated and dropped every round, a steady working set --------------------------------------------

var working [][]byte

//go:noinline
func handle(size int) []byte {
	return make([]byte, size)
}

func churnRound(round, _ int) {
	if round == 0 {
		for i := 0; i < 256; i++ {
			working = append(working, handle(8192))
		}
	}
	for i := 0; i < 2000; i++ {
		buf := handle(4096 + (i*37+round*11)%4096)
		working[(i*7+round)%len(working)] = buf // replaces an older buffer: the working set keeps its size
	}
}

// --- step: a table loaded once, halfway through ----------------------------------------------------------------------

var config map[string]string

//go:noinline
func loadConfig() {
	config = make(map[string]string, 20000)
	for i := 0; i < 20000; i++ {
		config[fmt.Sprintf("key-%06d", i)] = fmt.Sprintf("value-%06d-%0100d", i, i)
	}
}

var requests [][]byte

func stepRound(round, n int) {
	if round == n/2 {
		loadConfig()
	}
	if round == 0 {
		for i := 0; i < 64; i++ {
			requests = append(requests, handle(4096))
		}
	}
}

// --- spike: a large heap dropped early; the runtime keeps the memory for a while -------------------------------------

var batch [][]byte

//go:noinline
func importBatch() {
	for i := 0; i < 160; i++ {
		batch = append(batch, make([]byte, 1<<20))
	}
}

func spikeRound(round, _ int) {
	switch round {
	case 0:
		debug.SetGCPercent(100)
		for i := 0; i < 64; i++ {
			requests = append(requests, handle(4096))
		}
	case 1:
		importBatch()
	case 2:
		batch = nil // dropped: the heap is small again, the pages stay with the runtime until scavenged
	}
}
