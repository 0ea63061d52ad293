// Package vnnewsclient is a small Go client of vnnews: both services behind one value, with
// deadlines, the ingest token, read-your-writes (min_sequence) and a walk over every page of a
// list. The stubs come from proto/ (clients/go/generate.sh), never checked in.
package vnnewsclient

import (
	"context"
	"io"
	"sync"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/metadata"

	pb "vnnews/gen/vnnews/v1"
)

// Room for a large article: the ingestor accepts up to 4 MiB of text by default.
const maxMessageBytes = 16 * 1024 * 1024

// Options of Dial.
type Options struct {
	// Ingest token, sent as "authorization: Bearer <token>" on ingest calls; empty for none.
	Token string
	// Deadline of a call whose context has none. Default 10 s.
	Timeout time.Duration
	// Queries carry as min_sequence the highest sequence this client's writes reached, so they
	// see those writes. Default true (set DontReadYourWrites to turn it off).
	DontReadYourWrites bool
}

// Client talks to the ingestor and the query service. Either address may be empty.
type Client struct {
	Ingest pb.IngestServiceClient
	Query  pb.QueryServiceClient

	opts  Options
	conns []*grpc.ClientConn

	mu           sync.Mutex
	lastSequence uint64
}

// Dial connects (lazily, as gRPC does) to the services at the given host:port addresses.
func Dial(ingestAddr, queryAddr string, opts Options) (*Client, error) {
	if opts.Timeout == 0 {
		opts.Timeout = 10 * time.Second
	}
	c := &Client{opts: opts}
	dial := func(addr string) (*grpc.ClientConn, error) {
		conn, err := grpc.Dial(addr, grpc.WithInsecure(), grpc.WithDefaultCallOptions(
			grpc.MaxCallRecvMsgSize(maxMessageBytes), grpc.MaxCallSendMsgSize(maxMessageBytes)))
		if err == nil {
			c.conns = append(c.conns, conn)
		}
		return conn, err
	}
	if ingestAddr != "" {
		conn, err := dial(ingestAddr)
		if err != nil {
			c.Close()
			return nil, err
		}
		c.Ingest = pb.NewIngestServiceClient(conn)
	}
	if queryAddr != "" {
		conn, err := dial(queryAddr)
		if err != nil {
			c.Close()
			return nil, err
		}
		c.Query = pb.NewQueryServiceClient(conn)
	}
	return c, nil
}

// Close closes the connections.
func (c *Client) Close() {
	for _, conn := range c.conns {
		conn.Close()
	}
}

// LastSequence is the highest sequence number this client's writes reached.
func (c *Client) LastSequence() uint64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.lastSequence
}

func (c *Client) noteSequence(seq uint64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if seq > c.lastSequence {
		c.lastSequence = seq
	}
}

// minSequence is what a query carries when the caller left min_sequence at 0.
func (c *Client) minSequence(given uint64) uint64 {
	if given != 0 || c.opts.DontReadYourWrites {
		return given
	}
	return c.LastSequence()
}

// withDeadline gives ctx the client's timeout when it has no deadline of its own.
func (c *Client) withDeadline(ctx context.Context) (context.Context, context.CancelFunc) {
	if _, ok := ctx.Deadline(); ok {
		return context.WithCancel(ctx)
	}
	return context.WithTimeout(ctx, c.opts.Timeout)
}

func (c *Client) writeContext(ctx context.Context) (context.Context, context.CancelFunc) {
	ctx, cancel := c.withDeadline(ctx)
	if c.opts.Token != "" {
		ctx = metadata.AppendToOutgoingContext(ctx, "authorization", "Bearer "+c.opts.Token)
	}
	return ctx, cancel
}

// IngestArticle stores one article.
func (c *Client) IngestArticle(ctx context.Context, req *pb.IngestArticleRequest) (*pb.IngestArticleResponse, error) {
	ctx, cancel := c.writeContext(ctx)
	defer cancel()
	resp, err := c.Ingest.IngestArticle(ctx, req)
	if err == nil {
		c.noteSequence(resp.GetSequence())
	}
	return resp, err
}

// IngestArticles streams articles in and returns one answer per article, in order: a bad one
// carries its own error_code and does not stop the others.
func (c *Client) IngestArticles(ctx context.Context, reqs []*pb.IngestArticleRequest) ([]*pb.IngestArticlesResponse, error) {
	ctx, cancel := c.writeContext(ctx)
	defer cancel()
	stream, err := c.Ingest.IngestArticles(ctx)
	if err != nil {
		return nil, err
	}
	errs := make(chan error, 1)
	go func() {
		for _, req := range reqs {
			if err := stream.Send(req); err != nil {
				errs <- err
				return
			}
		}
		errs <- stream.CloseSend()
	}()
	var out []*pb.IngestArticlesResponse
	for {
		resp, err := stream.Recv()
		if err != nil {
			if err == io.EOF {
				break
			}
			return out, err
		}
		if resp.GetErrorCode() == 0 {
			c.noteSequence(resp.GetResult().GetSequence())
		}
		out = append(out, resp)
	}
	return out, <-errs
}

// DeleteArticle deletes an article and its index entries.
func (c *Client) DeleteArticle(ctx context.Context, id string) (*pb.DeleteArticleResponse, error) {
	ctx, cancel := c.writeContext(ctx)
	defer cancel()
	resp, err := c.Ingest.DeleteArticle(ctx, &pb.DeleteArticleRequest{Id: id})
	if err == nil {
		c.noteSequence(resp.GetSequence())
	}
	return resp, err
}

// GetArticle returns one article's record.
func (c *Client) GetArticle(ctx context.Context, id string) (*pb.Article, error) {
	ctx, cancel := c.withDeadline(ctx)
	defer cancel()
	return c.Query.GetArticle(ctx, &pb.GetArticleRequest{Id: id, MinSequence: c.minSequence(0)})
}

// ListArticles returns one page of every article, newest first.
func (c *Client) ListArticles(ctx context.Context, req *pb.ListArticlesRequest) (*pb.ListArticlesResponse, error) {
	ctx, cancel := c.withDeadline(ctx)
	defer cancel()
	req.MinSequence = c.minSequence(req.GetMinSequence())
	return c.Query.ListArticles(ctx, req)
}

// ListArticlesByPerson returns one page of the articles naming a person.
func (c *Client) ListArticlesByPerson(ctx context.Context, req *pb.ListArticlesByPersonRequest) (*pb.ListArticlesByPersonResponse, error) {
	ctx, cancel := c.withDeadline(ctx)
	defer cancel()
	req.MinSequence = c.minSequence(req.GetMinSequence())
	return c.Query.ListArticlesByPerson(ctx, req)
}

// ListArticlesByDate returns one page of the articles of a range of days.
func (c *Client) ListArticlesByDate(ctx context.Context, req *pb.ListArticlesByDateRequest) (*pb.ListArticlesByDateResponse, error) {
	ctx, cancel := c.withDeadline(ctx)
	defer cancel()
	req.MinSequence = c.minSequence(req.GetMinSequence())
	return c.Query.ListArticlesByDate(ctx, req)
}

// ListArticlesByTopic returns one page of the articles about a topic.
func (c *Client) ListArticlesByTopic(ctx context.Context, req *pb.ListArticlesByTopicRequest) (*pb.ListArticlesByTopicResponse, error) {
	ctx, cancel := c.withDeadline(ctx)
	defer cancel()
	req.MinSequence = c.minSequence(req.GetMinSequence())
	return c.Query.ListArticlesByTopic(ctx, req)
}

// Page fetches the page of a list that starts at token; it returns the page's results and the
// next page's token ("" on the last page).
type Page func(ctx context.Context, token string) ([]*pb.ArticleResult, string, error)

// All follows the page tokens from the first page to the last and returns every result.
func All(ctx context.Context, page Page) ([]*pb.ArticleResult, error) {
	var all []*pb.ArticleResult
	token := ""
	for {
		results, next, err := page(ctx, token)
		if err != nil {
			return all, err
		}
		all = append(all, results...)
		if next == "" {
			return all, nil
		}
		token = next
	}
}

// ByPerson is the Page of ListArticlesByPerson for a name, pageSize results at a time.
func (c *Client) ByPerson(name string, pageSize int32) Page {
	return func(ctx context.Context, token string) ([]*pb.ArticleResult, string, error) {
		resp, err := c.ListArticlesByPerson(ctx, &pb.ListArticlesByPersonRequest{
			Name: name, PageSize: pageSize, PageToken: token})
		return resp.GetResults(), resp.GetNextPageToken(), err
	}
}

// ByDate is the Page of ListArticlesByDate (event dates) for [from, to].
func (c *Client) ByDate(from, to string, pageSize int32) Page {
	return func(ctx context.Context, token string) ([]*pb.ArticleResult, string, error) {
		resp, err := c.ListArticlesByDate(ctx, &pb.ListArticlesByDateRequest{
			DateRange: &pb.DateRange{From: from, To: to}, PageSize: pageSize, PageToken: token})
		return resp.GetResults(), resp.GetNextPageToken(), err
	}
}

// ByTopic is the Page of ListArticlesByTopic for a topic id.
func (c *Client) ByTopic(topicID string, pageSize int32) Page {
	return func(ctx context.Context, token string) ([]*pb.ArticleResult, string, error) {
		resp, err := c.ListArticlesByTopic(ctx, &pb.ListArticlesByTopicRequest{
			TopicId: topicID, PageSize: pageSize, PageToken: token})
		return resp.GetResults(), resp.GetNextPageToken(), err
	}
}

// Articles is the Page of ListArticles.
func (c *Client) Articles(pageSize int32) Page {
	return func(ctx context.Context, token string) ([]*pb.ArticleResult, string, error) {
		resp, err := c.ListArticles(ctx, &pb.ListArticlesRequest{PageSize: pageSize, PageToken: token})
		return resp.GetResults(), resp.GetNextPageToken(), err
	}
}
