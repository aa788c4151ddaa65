// Command goleaks runs one classic Go memory behaviour and writes a series of real profiles of it with
// runtime/pprof, for the tests of dotnet-pprof leaks: leaks that must be found (a map, a sync.Map, goroutines,
// bytes.Buffer doubling, gob-decoded values) and look-alikes that must not be called leaks (a cache that fills
// up, a bounded LRU, churn, a one-time step, memory the runtime keeps after a spike).
//
//	goleaks -case sessions -out DIR [-n 12]
package main

import (
	"flag"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"sort"
	"time"
)

// A round of work between two profiles.
type scenario struct {
	profile string // "heap" or "goroutine"
	debug   int    // 0: protobuf; 1: text (with the # runtime.MemStats block)
	round   func(i, n int)
}

var scenarios = map[string]scenario{
	"sessions":   {"heap", 0, sessionsRound},
	"syncmap":    {"heap", 0, syncMapRound},
	"goroutines": {"goroutine", 0, goroutinesRound},
	"buffers":    {"heap", 0, buffersRound},
	"gob":        {"heap", 0, gobRound},
	"cache":      {"heap", 0, cacheRound},
	"lru":        {"heap", 0, lruRound},
	"churn":      {"heap", 0, churnRound},
	"step":       {"heap", 0, stepRound},
	"spike":      {"heap", 1, spikeRound},
}

func main() {
	// Every allocation sampled: the profiles hold exact sizes, so a run gives the same shapes every time.
	runtime.MemProfileRate = 1
	name := flag.String("case", "", "the scenario")
	out := flag.String("out", ".", "the folder for the profiles")
	n := flag.Int("n", 12, "how many profiles")
	pause := flag.Duration("every", 5*time.Millisecond, "the time between profiles")
	flag.Parse()
	s, ok := scenarios[*name]
	if !ok {
		names := make([]string, 0, len(scenarios))
		for k := range scenarios {
			names = append(names, k)
		}
		sort.Strings(names)
		log.Fatalf("goleaks: -case must be one of %v", names)
	}
	if err := os.MkdirAll(*out, 0o755); err != nil {
		log.Fatal(err)
	}
	for i := 0; i < *n; i++ {
		s.round(i, *n)
		time.Sleep(*pause)
		write(filepath.Join(*out, profileName(*name, s, i)), s)
	}
}

func profileName(name string, s scenario, i int) string {
	extension := "pb.gz"
	if s.debug != 0 {
		extension = "txt"
	}
	return fmt.Sprintf("%s.%s.%02d.%s", name, s.profile, i, extension)
}

func write(path string, s scenario) {
	f, err := os.Create(path)
	if err != nil {
		log.Fatal(err)
	}
	defer f.Close()
	if s.profile == "heap" {
		// A heap profile shows the heap as of the last GC: collect, so that it shows this round.
		runtime.GC()
	}
	if err := pprof.Lookup(s.profile).WriteTo(f, s.debug); err != nil {
		log.Fatal(err)
	}
}
