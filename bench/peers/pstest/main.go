// Serves Go's pstest (the in-memory Pub/Sub fake of cloud.google.com/go/pubsub/v2) on a port, so
// the benchmark can drive it with the same Node client as our emulator. Prints "listening HOST:PORT"
// once ready and serves until stdin closes or the process is signalled.
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"cloud.google.com/go/pubsub/v2/pstest"
)

func main() {
	host := flag.String("host", "127.0.0.1", "address to bind")
	port := flag.Int("port", 0, "port to bind (0 = any free port)")
	flag.Parse()

	srv := pstest.NewServerWithAddress(fmt.Sprintf("%s:%d", *host, *port))
	defer srv.Close()
	fmt.Printf("listening %s\n", srv.Addr)

	done := make(chan struct{})
	go func() {
		// The bench keeps stdin open; when it dies without signalling, EOF stops us too.
		_, _ = io.Copy(io.Discard, os.Stdin)
		close(done)
	}()
	signals := make(chan os.Signal, 1)
	signal.Notify(signals, syscall.SIGINT, syscall.SIGTERM)
	select {
	case <-signals:
	case <-done:
	}
}
