package vnnewsclient

// End-to-end test of the Go client against the real `ingestor` and `query_service`, started
// from $VNNEWS_BIN_DIR on free ports over a fresh store with a token. $VNNEWS_REPO is the
// repository (for lexicon/ and the test articles). tests/clients/run.sh runs it.

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"syscall"
	"testing"
	"time"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	pb "vnnews/gen/vnnews/v1"
)

const token = "go-client-test-token"

type fixture struct {
	Name            string `json:"name"`
	PublicationDate string `json:"publication_date"`
	Text            string `json:"text"`
	Expect          struct {
		Person       string `json:"person"`
		PersonFolded string `json:"person_folded"`
		Date         string `json:"date"`
		Topic        string `json:"topic"`
	} `json:"expect"`
}

type server struct {
	cmd  *exec.Cmd
	addr string
	log  strings.Builder
}

var (
	client   *Client
	stored   = map[string]*pb.IngestArticleResponse{}
	articles []fixture
)

var listening = regexp.MustCompile(`listening on (\S+):(\d+)`)

// start runs a binary and waits (60 s at most) for its "listening on HOST:PORT" line.
func start(name string, args ...string) (*server, error) {
	s := &server{cmd: exec.Command(filepath.Join(os.Getenv("VNNEWS_BIN_DIR"), name), args...)}
	s.cmd.Env = append(os.Environ(), "VNNEWS_INGEST_TOKEN=")
	stderr, err := s.cmd.StderrPipe()
	if err != nil {
		return nil, err
	}
	if err := s.cmd.Start(); err != nil {
		return nil, err
	}
	bound := make(chan string, 1)
	go func() {
		scanner := bufio.NewScanner(stderr)
		for scanner.Scan() {
			line := scanner.Text()
			s.log.WriteString(line + "\n")
			if m := listening.FindStringSubmatch(line); m != nil {
				bound <- m[1] + ":" + m[2]
			}
		}
		close(bound)
	}()
	select {
	case addr, ok := <-bound:
		if !ok {
			return nil, fmt.Errorf("%s exited before listening", name)
		}
		s.addr = addr
		return s, nil
	case <-time.After(60 * time.Second):
		s.cmd.Process.Kill()
		return nil, fmt.Errorf("%s did not report \"listening on\" within 60 s", name)
	}
}

func (s *server) stop() {
	s.cmd.Process.Signal(syscall.SIGTERM)
	done := make(chan struct{})
	go func() { s.cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(15 * time.Second):
		s.cmd.Process.Kill()
	}
}

func TestMain(m *testing.M) {
	os.Exit(run(m))
}

func run(m *testing.M) int {
	repo := os.Getenv("VNNEWS_REPO")
	raw, err := os.ReadFile(filepath.Join(repo, "tests", "clients", "fixtures", "articles.json"))
	if err != nil {
		fmt.Fprintln(os.Stderr, "VNNEWS_REPO must name the repository:", err)
		return 1
	}
	var file struct {
		Articles []fixture `json:"articles"`
	}
	if err := json.Unmarshal(raw, &file); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	articles = file.Articles
	tmp, err := os.MkdirTemp("", "vnnews-go-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer os.RemoveAll(tmp)
	lexicon := filepath.Join(repo, "lexicon")
	db := filepath.Join(tmp, "db")
	ingestor, err := start("ingestor", "--db_path", db, "--listen", "127.0.0.1:0",
		"--lexicon_dir", lexicon, "--token", token)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer ingestor.stop()
	query, err := start("query_service", "--db_path", db, "--secondary_path",
		filepath.Join(tmp, "secondary"), "--listen", "127.0.0.1:0", "--lexicon_dir", lexicon)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer query.stop()
	client, err = Dial(ingestor.addr, query.addr, Options{Token: token, Timeout: 10 * time.Second})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer client.Close()
	for _, a := range articles {
		resp, err := client.IngestArticle(context.Background(), &pb.IngestArticleRequest{
			Text: a.Text, SourceUri: "fixtures/" + a.Name + ".txt", PublicationDate: a.PublicationDate})
		if err != nil {
			fmt.Fprintf(os.Stderr, "ingest %s: %v\n%s", a.Name, err, ingestor.log.String())
			return 1
		}
		stored[a.Name] = resp
	}
	return m.Run()
}

func ids(results []*pb.ArticleResult) []string {
	out := make([]string, 0, len(results))
	for _, r := range results {
		out = append(out, r.GetSummary().GetId())
	}
	return out
}

func contains(list []string, want string) bool {
	for _, s := range list {
		if s == want {
			return true
		}
	}
	return false
}

func TestReadsItsOwnWrite(t *testing.T) {
	a := articles[0]
	record, err := client.GetArticle(context.Background(), stored[a.Name].GetId())
	if err != nil {
		t.Fatal(err)
	}
	if record.GetSourceUri() != "fixtures/"+a.Name+".txt" || record.GetPublicationDate() != a.PublicationDate {
		t.Errorf("record %s: source_uri %q, publication_date %q", record.GetId(), record.GetSourceUri(),
			record.GetPublicationDate())
	}
	var names []string
	for _, p := range record.GetPersons() {
		names = append(names, p.GetName())
	}
	if !contains(names, a.Expect.Person) {
		t.Errorf("persons %v lack %q", names, a.Expect.Person)
	}
}

func TestByPersonDateTopic(t *testing.T) {
	ctx := context.Background()
	for _, a := range articles {
		want := stored[a.Name].GetId()
		for _, name := range []string{a.Expect.Person, a.Expect.PersonFolded} {
			got, err := All(ctx, client.ByPerson(name, 10))
			if err != nil || !contains(ids(got), want) {
				t.Errorf("by person %q: %v, err %v; want %s", name, ids(got), err, want)
			}
		}
		got, err := All(ctx, client.ByDate(a.Expect.Date, a.Expect.Date, 0))
		if err != nil || !contains(ids(got), want) {
			t.Errorf("by date %s: %v, err %v; want %s", a.Expect.Date, ids(got), err, want)
		}
		got, err = All(ctx, client.ByTopic(a.Expect.Topic, 0))
		if err != nil || !contains(ids(got), want) {
			t.Errorf("by topic %s: %v, err %v; want %s", a.Expect.Topic, ids(got), err, want)
		}
	}
	march, err := All(ctx, client.ByDate("2024-03", "2024-03", 0))
	got, want := ids(march), []string{stored["education"].GetId(), stored["football"].GetId()}
	sort.Strings(got)
	sort.Strings(want)
	if err != nil || strings.Join(got, ",") != strings.Join(want, ",") {
		t.Errorf("March 2024: %v, err %v; want %v", got, err, want)
	}
}

func TestPagesOfOne(t *testing.T) {
	ctx := context.Background()
	everything, err := client.ListArticles(ctx, &pb.ListArticlesRequest{PageSize: 1000})
	if err != nil {
		t.Fatal(err)
	}
	want := ids(everything.GetResults())
	var seen []string
	token := ""
	for pages := 1; ; pages++ {
		page, err := client.ListArticles(ctx, &pb.ListArticlesRequest{PageSize: 1, PageToken: token})
		if err != nil {
			t.Fatal(err)
		}
		if len(page.GetResults()) != 1 {
			t.Fatalf("page %d holds %d results", pages, len(page.GetResults()))
		}
		seen = append(seen, ids(page.GetResults())...)
		if token = page.GetNextPageToken(); token == "" {
			break
		}
		if pages > len(want) {
			t.Fatal("more pages than articles: tokens loop")
		}
	}
	if strings.Join(seen, ",") != strings.Join(want, ",") || len(want) < len(articles) {
		t.Errorf("pages of one gave %v, one page of all %v", seen, want)
	}
}

func TestBadRequests(t *testing.T) {
	ctx := context.Background()
	cases := []struct {
		what  string
		call  func() error
		code  codes.Code
		field string
	}{
		{"negative page_size", func() error {
			_, err := client.ListArticles(ctx, &pb.ListArticlesRequest{PageSize: -5})
			return err
		}, codes.InvalidArgument, "page_size"},
		{"empty text", func() error {
			_, err := client.IngestArticle(ctx, &pb.IngestArticleRequest{})
			return err
		}, codes.InvalidArgument, "text"},
		{"unknown topic", func() error {
			_, err := client.ListArticlesByTopic(ctx, &pb.ListArticlesByTopicRequest{TopicId: "no_such_topic"})
			return err
		}, codes.InvalidArgument, "topic_id"},
		{"forged page token", func() error {
			_, err := client.ListArticles(ctx, &pb.ListArticlesRequest{PageToken: "bm90IGEgdG9rZW4"})
			return err
		}, codes.InvalidArgument, "page_token"},
		{"unknown id", func() error {
			_, err := client.GetArticle(ctx, "no-such-article")
			return err
		}, codes.NotFound, "no-such-article"},
	}
	for _, c := range cases {
		err := c.call()
		if status.Code(err) != c.code || !strings.Contains(status.Convert(err).Message(), c.field) {
			t.Errorf("%s: got %v; want %v naming %s", c.what, err, c.code, c.field)
		}
	}
	intruder, err := Dial(client.conns[0].Target(), "", Options{Token: "wrong"})
	if err != nil {
		t.Fatal(err)
	}
	defer intruder.Close()
	_, err = intruder.IngestArticle(ctx, &pb.IngestArticleRequest{Text: "Hà Nội, ngày 1/1/2024 - Một bài báo."})
	if status.Code(err) != codes.Unauthenticated {
		t.Errorf("wrong token: got %v; want Unauthenticated", err)
	}
}

func TestStreamAndDelete(t *testing.T) {
	ctx := context.Background()
	text := "Khánh thành cầu mới tại Cần Thơ\n\nSáng 20/6/2024, Phó Thủ tướng Trần Hồng Hà dự lễ " +
		"khánh thành cây cầu mới nối hai quận của thành phố Cần Thơ.\n"
	answers, err := client.IngestArticles(ctx, []*pb.IngestArticleRequest{{Text: text}, {Text: ""}})
	if err != nil || len(answers) != 2 {
		t.Fatalf("stream: %v, err %v", answers, err)
	}
	if answers[0].GetErrorCode() != 0 || answers[1].GetErrorCode() != int32(codes.InvalidArgument) ||
		answers[1].GetIndex() != 1 || !strings.Contains(answers[1].GetErrorMessage(), "text") {
		t.Errorf("stream answers: %v", answers)
	}
	id := answers[0].GetResult().GetId()
	found, err := All(ctx, client.ByPerson("tran hong ha", 0))
	if err != nil || !contains(ids(found), id) {
		t.Fatalf("the streamed article is not found by person: %v, err %v", ids(found), err)
	}
	if _, err := client.DeleteArticle(ctx, id); err != nil {
		t.Fatal(err)
	}
	if _, err := client.GetArticle(ctx, id); status.Code(err) != codes.NotFound {
		t.Errorf("deleted article: got %v; want NotFound", err)
	}
	found, err = All(ctx, client.ByPerson("tran hong ha", 0))
	if err != nil || contains(ids(found), id) || !contains(ids(found), stored["storm"].GetId()) {
		t.Errorf("after delete, by person: %v, err %v", ids(found), err)
	}
}
