// Command ferretdb-embedded runs FerretDB 1.24 with its SQLite backend on a loopback TCP address, for
// development and tests.
//
// Two things it does that `go install .../cmd/ferretdb` cannot:
//   - it uses FerretDB's embeddable package: the cmd binary panics at start (its version file is generated
//     and not part of the Go module);
//   - it serializes write commands. FerretDB's SQLite handler runs update and findAndModify as
//     "query, then write by _id" without a transaction (FerretDB issue #3040), so two concurrent conditional
//     updates both match and $inc loses increments. MongoDB guarantees single-document atomicity, and the
//     product relies on it (conditional updates, counters). A small wire-protocol proxy in front of FerretDB
//     runs one write command at a time, which gives at least MongoDB's guarantee; reads stay concurrent.
package main

import (
	"context"
	"encoding/binary"
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"os"
	"os/signal"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/FerretDB/FerretDB/ferretdb"
)

const opMsg = 2013

var writeCommands = map[string]bool{
	"insert": true, "update": true, "delete": true, "findAndModify": true, "findandmodify": true,
	"createIndexes": true, "dropIndexes": true, "create": true, "drop": true, "dropDatabase": true,
	"renameCollection": true,
}

// writeLock is held while one write command is inside FerretDB.
var writeLock sync.Mutex

func main() {
	addr := flag.String("listen", "127.0.0.1:27017", "TCP address to listen on")
	dir := flag.String("dir", "", "directory for the SQLite databases (created if missing)")
	watchStdin := flag.Bool("exit-on-stdin-close", false, "stop when standard input closes (the launching process died)")
	flag.Parse()
	if *dir == "" {
		log.Fatal("-dir is required")
	}
	if err := os.MkdirAll(*dir, 0o755); err != nil {
		log.Fatal(err)
	}
	url := "file:" + *dir
	if !strings.HasSuffix(url, "/") {
		url += "/"
	}

	// FerretDB itself listens on a private loopback port; clients talk to the proxy.
	inner, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		log.Fatal(err)
	}
	innerAddr := inner.Addr().String()
	inner.Close()

	f, err := ferretdb.New(&ferretdb.Config{
		Listener:  ferretdb.ListenerConfig{TCP: innerAddr},
		Handler:   "sqlite",
		SQLiteURL: url,
	})
	if err != nil {
		log.Fatal(err)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if *watchStdin {
		// The launcher keeps our stdin open; when it dies, even by SIGKILL, the pipe closes and we stop
		// instead of holding the data directory as an orphan.
		go func() {
			_, _ = io.Copy(io.Discard, os.Stdin)
			stop()
		}()
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		f.Run(ctx)
	}()
	waitFor(innerAddr)

	outer, err := net.Listen("tcp", *addr)
	if err != nil {
		log.Fatal(err)
	}
	go func() {
		<-ctx.Done()
		outer.Close()
	}()
	go func() {
		for {
			c, err := outer.Accept()
			if err != nil {
				return
			}
			go serve(c, innerAddr)
		}
	}()
	// The launcher waits for this line before it connects.
	fmt.Println("READY mongodb://" + outer.Addr().String() + "/")
	<-done
}

func waitFor(addr string) {
	for i := 0; i < 200; i++ {
		if c, err := net.Dial("tcp", addr); err == nil {
			c.Close()
			return
		}
		time.Sleep(25 * time.Millisecond)
	}
	log.Fatalf("FerretDB did not start on %s", addr)
}

// serve relays one client connection. Requests and replies alternate (the driver does not use exhaust
// cursors or moreToCome with FerretDB), so a write's lock spans its request and its reply.
func serve(client net.Conn, innerAddr string) {
	defer client.Close()
	server, err := net.Dial("tcp", innerAddr)
	if err != nil {
		return
	}
	defer server.Close()
	for {
		req, err := readMessage(client)
		if err != nil {
			return
		}
		locked := isWrite(req)
		if locked {
			writeLock.Lock()
		}
		err = relay(req, server, client)
		if locked {
			writeLock.Unlock()
		}
		if err != nil {
			return
		}
	}
}

func relay(req []byte, server, client net.Conn) error {
	if _, err := server.Write(req); err != nil {
		return err
	}
	if moreToCome(req) {
		return nil // fire-and-forget message: no reply
	}
	reply, err := readMessage(server)
	if err != nil {
		return err
	}
	_, err = client.Write(reply)
	return err
}

func readMessage(r io.Reader) ([]byte, error) {
	var head [4]byte
	if _, err := io.ReadFull(r, head[:]); err != nil {
		return nil, err
	}
	n := int(binary.LittleEndian.Uint32(head[:]))
	if n < 16 || n > 64<<20 {
		return nil, fmt.Errorf("bad message length %d", n)
	}
	msg := make([]byte, n)
	copy(msg, head[:])
	if _, err := io.ReadFull(r, msg[4:]); err != nil {
		return nil, err
	}
	return msg, nil
}

func moreToCome(msg []byte) bool {
	return binary.LittleEndian.Uint32(msg[12:16]) == opMsg && len(msg) >= 20 && binary.LittleEndian.Uint32(msg[16:20])&2 != 0
}

// isWrite reads the command name: the first key of the OP_MSG body section.
func isWrite(msg []byte) bool {
	if binary.LittleEndian.Uint32(msg[12:16]) != opMsg || len(msg) < 27 {
		return false
	}
	i := 20
	for i < len(msg) {
		kind := msg[i]
		i++
		if kind == 0 { // body: a BSON document; first element = type byte, then the cstring key
			if i+5 > len(msg) {
				return false
			}
			j := i + 5
			k := j
			for k < len(msg) && msg[k] != 0 {
				k++
			}
			return writeCommands[string(msg[j:k])]
		}
		if i+4 > len(msg) { // kind 1: document sequence, size-prefixed; skip it
			return false
		}
		i += int(binary.LittleEndian.Uint32(msg[i : i+4]))
	}
	return false
}
