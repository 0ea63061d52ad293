// Command example ingests one article file and reads its record back through the query service.
//
//	go run ./example -ingest localhost:50051 -query localhost:50052 [-token T] FILE
//
// The token defaults to $VNNEWS_INGEST_TOKEN.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"

	pb "vnnews/gen/vnnews/v1"
	vnnewsclient "vnnewsclient"
)

func main() {
	ingest := flag.String("ingest", "localhost:50051", "ingestor host:port")
	query := flag.String("query", "localhost:50052", "query service host:port")
	token := flag.String("token", os.Getenv("VNNEWS_INGEST_TOKEN"), "ingest token")
	pubDate := flag.String("publication_date", "", "YYYY-MM-DD, when known")
	flag.Parse()
	if flag.NArg() != 1 {
		fmt.Fprintln(os.Stderr, "usage: example -ingest HOST:PORT -query HOST:PORT [-token T] FILE")
		os.Exit(2)
	}
	text, err := os.ReadFile(flag.Arg(0))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	client, err := vnnewsclient.Dial(*ingest, *query, vnnewsclient.Options{Token: *token})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	defer client.Close()
	ctx := context.Background()
	stored, err := client.IngestArticle(ctx, &pb.IngestArticleRequest{
		Text: string(text), SourceUri: flag.Arg(0), PublicationDate: *pubDate})
	if err != nil {
		fmt.Fprintln(os.Stderr, "error:", err)
		os.Exit(1)
	}
	fmt.Printf("stored %s at sequence %d\n", stored.GetId(), stored.GetSequence())
	// read-your-writes: the client passes the sequence above as min_sequence.
	article, err := client.GetArticle(ctx, stored.GetId())
	if err != nil {
		fmt.Fprintln(os.Stderr, "error:", err)
		os.Exit(1)
	}
	fmt.Printf("title:   %s\n", article.GetTitle())
	for _, p := range article.GetPersons() {
		fmt.Printf("person:  %s %v\n", p.GetName(), p.GetRoles())
	}
	for _, t := range article.GetTopics() {
		fmt.Printf("topic:   %s (%s) %.2f\n", t.GetId(), t.GetLabel(), t.GetScore())
	}
	if len(article.GetPersons()) > 0 {
		name := article.GetPersons()[0].GetName()
		results, err := vnnewsclient.All(ctx, client.ByPerson(name, 20))
		if err != nil {
			fmt.Fprintln(os.Stderr, "error:", err)
			os.Exit(1)
		}
		fmt.Printf("articles naming %s: %d\n", name, len(results))
	}
}
