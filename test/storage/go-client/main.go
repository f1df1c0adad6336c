// Exercises the storage emulator with the official Go client through STORAGE_EMULATOR_HOST:
// multipart and chunked resumable uploads, XML-style reads (whole and ranged), attributes,
// preconditions, not-found mapping, delimiter listing, copy, compose and delete.
package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"

	"cloud.google.com/go/storage"
	"google.golang.org/api/iterator"
)

func must(err error, what string) {
	if err != nil {
		fmt.Println("FAIL", what, err)
		os.Exit(1)
	}
}

func main() {
	ctx := context.Background()
	c, err := storage.NewClient(ctx)
	must(err, "client")
	b := c.Bucket(os.Args[1])
	must(b.Create(ctx, "p", &storage.BucketAttrs{VersioningEnabled: true}), "create bucket")
	small := []byte("hello from go")
	w := b.Object("dir/small.txt").NewWriter(ctx)
	w.ContentType = "text/plain"
	w.Metadata = map[string]string{"k": "v"}
	_, _ = w.Write(small)
	must(w.Close(), "small upload")
	big := bytes.Repeat([]byte("0123456789abcdef"), 1<<18) // 4 MiB
	w2 := b.Object("big.bin").NewWriter(ctx)
	w2.ChunkSize = 1 << 20
	w2.SendCRC32C = false
	_, _ = w2.Write(big)
	must(w2.Close(), "chunked upload")
	r, err := b.Object("big.bin").NewReader(ctx)
	must(err, "reader")
	got, _ := io.ReadAll(r)
	if !bytes.Equal(got, big) {
		fmt.Println("FAIL big content mismatch", len(got))
		os.Exit(1)
	}
	rr, err := b.Object("dir/small.txt").NewRangeReader(ctx, 6, 4)
	must(err, "range reader")
	part, _ := io.ReadAll(rr)
	if string(part) != "from" {
		fmt.Println("FAIL range", string(part))
		os.Exit(1)
	}
	attrs, err := b.Object("dir/small.txt").Attrs(ctx)
	must(err, "attrs")
	if attrs.Metadata["k"] != "v" || attrs.ContentType != "text/plain" {
		fmt.Println("FAIL attrs", attrs)
		os.Exit(1)
	}
	w3 := b.Object("dir/small.txt").If(storage.Conditions{DoesNotExist: true}).NewWriter(ctx)
	_, _ = w3.Write([]byte("x"))
	err = w3.Close()
	if err == nil {
		fmt.Println("FAIL precondition not enforced")
		os.Exit(1)
	}
	_, err = b.Object("nope").Attrs(ctx)
	if !errors.Is(err, storage.ErrObjectNotExist) {
		fmt.Println("FAIL not-exist mapping", err)
		os.Exit(1)
	}
	it := b.Objects(ctx, &storage.Query{Delimiter: "/"})
	var names []string
	for {
		a, err := it.Next()
		if err == iterator.Done {
			break
		}
		must(err, "list")
		if a.Prefix != "" {
			names = append(names, "prefix:"+a.Prefix)
		} else {
			names = append(names, a.Name)
		}
	}
	fmt.Println("list", names)
	_, err = b.Object("copy.txt").CopierFrom(b.Object("dir/small.txt")).Run(ctx)
	must(err, "copy")
	_, err = b.Object("composed").ComposerFrom(b.Object("dir/small.txt"), b.Object("copy.txt")).Run(ctx)
	must(err, "compose")
	must(b.Object("copy.txt").Delete(ctx), "delete")
	fmt.Println("OK go client")
}
