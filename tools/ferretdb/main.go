// Command ferretdb-embedded runs FerretDB 1.24 with its SQLite backend on a
// loopback TCP address. It exists because `go install .../cmd/ferretdb` builds
// a binary that panics at start (its version file is generated and not part of
// the Go module); the embeddable package has no such check.
package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"os"
	"os/signal"
	"syscall"

	"github.com/FerretDB/FerretDB/ferretdb"
)

func main() {
	addr := flag.String("listen", "127.0.0.1:27017", "TCP address to listen on")
	dir := flag.String("dir", "", "directory for the SQLite databases (created if missing)")
	flag.Parse()
	if *dir == "" {
		log.Fatal("-dir is required")
	}
	if err := os.MkdirAll(*dir, 0o755); err != nil {
		log.Fatal(err)
	}
	url := "file:" + *dir
	if url[len(url)-1] != '/' {
		url += "/"
	}
	f, err := ferretdb.New(&ferretdb.Config{
		Listener:  ferretdb.ListenerConfig{TCP: *addr},
		Handler:   "sqlite",
		SQLiteURL: url,
	})
	if err != nil {
		log.Fatal(err)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	done := make(chan struct{})
	go func() {
		defer close(done)
		f.Run(ctx)
	}()
	// The launcher waits for this line before it connects.
	fmt.Println("READY " + f.MongoDBURI())
	<-done
}
