#!/usr/bin/python3
"""arxiv-sanity-lite as a measured peer for PaperRadar's relevance benchmark.

A re-implementation, written for this project (no code copied), of the ranking methods of
karpathy/arxiv-sanity-lite (https://github.com/karpathy/arxiv-sanity-lite, MIT), read in that repository's
`compute.py` (features) and `serve.py` (`search_rank`, `svm_rank`):

Features (compute.py). One TfidfVectorizer(input='content', encoding='utf-8', decode_error='replace',
strip_accents='unicode', lowercase=True, analyzer='word', stop_words='english',
token_pattern=r'(?u)\\b[a-zA-Z_][a-zA-Z0-9_]+\\b', ngram_range=(1, 2), max_features=20000, norm='l2',
use_idf=True, smooth_idf=True, sublinear_tf=True, max_df=0.1, min_df=5) is fitted, then applied, to ONE text
per paper: `' '.join([title, summary, author_str])` where author_str is the authors' names joined by single
spaces -- so author names are part of the vocabulary (after the usual filters). The matrix is cast to float32.
(An early revision of compute.py defaulted to max_features=10000, max_df=0.5; later ones default to
20000 / 0.1, used here. Every revision read feeds title, summary and authors.) Title and summary are fed as stored, without whitespace clean-up,
as arxiv-sanity-lite feeds the arXiv API's text.

Modes measured here:
- "keyword" = serve.py `search_rank(q)`, arxiv-sanity-lite's free-text search box: the query is lower-cased
  and split on whitespace into words w; each paper scores
      10 * #{w : w is a substring of the lower-cased authors joined by ' '}
    + 20 * #{w : w is a substring of the lower-cased title}
    +  1 * sum over w of min(3, non-overlapping occurrences of w in the lower-cased summary);
  papers scoring 0 are dropped and the rest sorted by the tuple (score, id) descending (so ties go to the
  larger id). Substring, not word, matching: "a" matches almost everything, as in the original. The original
  loops over every paper in Python (~1-2 s per query on 67,802 papers here); this script computes
  the same scores from a bigram position index (exact: `--check-keyword K` compares both on K queries and
  reports the original loop's latency too), so the latencies reported for "keyword" are this index's.
- "tfidf" = NOT in arxiv-sanity-lite: the query transformed by the same fitted vectorizer, papers ranked by
  cosine (dot product of l2-normalised rows), ties by corpus order, papers scoring 0 dropped. Reported as the
  "semantic-like" use of the same features.
- "svm" (related) = serve.py `svm_rank(pid=...)`: y = 1 for the seed paper, 0 for every other paper;
  sklearn.svm.LinearSVC(class_weight='balanced', verbose=False, max_iter=10000, tol=1e-6, C=0.1) fitted on the
  whole float32 matrix; every paper ranked by decision_function, np.argsort(-s). Latency = fit + score + sort,
  per seed, as the original does per request. (C=0.1 is the older serve.py's fixed value; the current serve.py
  takes C from the request and defaults to 0.01 -- `--svm-c` changes it.)

Corpus: every *.jsonl.gz in --corpus read in file-name order; one paper per `id`, the LAST row read wins;
papers keep the order in which their id first appeared. arxiv-daily holds 108,525 rows, 67,802 papers.

Tasks file (JSON lines, UTF-8): {"task": "known-item"|"paraphrase"|"related", "query": str, "target": id};
"related" lines have no query and their target is the seed paper. --limit N keeps the first N tasks of each
kind; --related-limit N the first N related tasks (default 200, since each seed trains one SVM over the whole
matrix, ~1.1 s here, so 1000 seeds take ~18 min of a ~30 min run; 0 = all).

--make-tasks N --seed S writes such a file (to --tasks), by this exact rule, so that another program can
generate the identical task list:
  1. ids = the corpus's distinct ids sorted by ordinal (code point) order.
  2. RNG = SplitMix64 over unsigned 64-bit integers, state = S; next(): state += 0x9E3779B97F4A7C15;
     z = state; z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9; z = (z ^ (z >> 27)) * 0x94D049BB133111EB;
     return z ^ (z >> 31)   (all arithmetic modulo 2^64).
  3. "words" of a text = its maximal runs of characters other than ' ', '\\t', '\\n', '\\r', '\\f', '\\v'
     (ASCII whitespace only). The normalised abstract = its words joined by single spaces; its sentences =
     that string split at every ' ' that directly follows a '.' and directly precedes an ASCII capital A-Z
     (regex `(?<=\\.) (?=[A-Z])`).
  4. Repeat until N papers are chosen: i = next() mod len(ids); skip ids[i] if it was drawn before (chosen
     or rejected); reject it if its title has fewer than 2 words or its normalised abstract fewer than 2
     sentences; otherwise choose it and draw k = next() mod (number of title words).
     known-item query = the title's words without the k-th (0-based), joined by single spaces;
     paraphrase query = the 2nd sentence (index 1) of the normalised abstract.
  5. Output: N known-item lines (in choice order), then N paraphrase lines, then N related lines (the same
     papers as seeds), each `json.dumps(obj, ensure_ascii=False, separators=(',', ':'))` with keys in the
     order task, query, target, each line ending in '\\n'.

Results (--out, JSON): for known-item and paraphrase, per mode: MRR (1/rank when the target is ranked within
the top 100, else 0), hit@1, hit@10, latency p50/p99 in ms (nearest-rank percentiles over the queries,
wall clock of ranking one query, time.perf_counter), and every task's rank (null beyond 100). For related:
over the top 10 of the SVM ranking with the seed removed, the mean share of papers whose primary category
(first listed) equals the seed's, and the mean share sharing at least one author with the seed (names equal
after collapsing whitespace runs to one space and trimming), plus latency p50/p99. Also the vectorizer's
fit and transform times, vocabulary size, and the python / numpy / scipy / scikit-learn versions.

Usage: /usr/bin/python3 bench/arxiv_sanity_peer.py --corpus ../shared/data/arxiv-daily --tasks T.jsonl
       --out R.json [--limit N] [--related-limit N] [--make-tasks N --seed S]
"""

import argparse
import glob
import hashlib
import gzip
import json
import math
import os
import platform
import re
import sys
import time

import numpy as np
import scipy
import sklearn
from sklearn import svm
from sklearn.feature_extraction.text import TfidfVectorizer

TOP = 100
MASK64 = (1 << 64) - 1
WS = re.compile(r'[ \t\n\r\f\v]+')
SENTENCE_BREAK = re.compile(r'(?<=\.) (?=[A-Z])')


def log(msg):
    print(msg, file=sys.stderr, flush=True)


def load_corpus(folder):
    files = sorted(glob.glob(os.path.join(folder, '*.jsonl.gz')))
    papers, rows = {}, 0
    for path in files:
        with gzip.open(path, 'rt', encoding='utf-8') as f:
            for line in f:
                if not line.strip():
                    continue
                row = json.loads(line)
                rows += 1
                papers[row['id']] = row  # last row wins; dict keeps first-appearance order
    return list(papers.values()), len(files), rows


# ---------------------------------------------------------------- task generation

class SplitMix64:
    def __init__(self, seed):
        self.state = seed & MASK64

    def next(self):
        self.state = (self.state + 0x9E3779B97F4A7C15) & MASK64
        z = self.state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK64
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK64
        return z ^ (z >> 31)


def words_of(text):
    return [w for w in WS.split(text or '') if w]


def sentences_of(abstract):
    return SENTENCE_BREAK.split(' '.join(words_of(abstract)))


def make_tasks(papers, n, seed):
    by_id = {p['id']: p for p in papers}
    ids = sorted(by_id)
    eligible = sum(1 for p in papers if len(words_of(p['title'])) >= 2 and len(sentences_of(p['summary'])) >= 2)
    if n > eligible:
        raise SystemExit(f'--make-tasks {n}: only {eligible} papers have a 2-word title and 2 sentences')
    rng, seen, chosen = SplitMix64(seed), set(), []
    while len(chosen) < n:
        pid = ids[rng.next() % len(ids)]
        if pid in seen:
            continue
        seen.add(pid)
        p = by_id[pid]
        title, sents = words_of(p['title']), sentences_of(p['summary'])
        if len(title) < 2 or len(sents) < 2:
            continue
        k = rng.next() % len(title)
        chosen.append((pid, ' '.join(title[:k] + title[k + 1:]), sents[1]))
    tasks = [{'task': 'known-item', 'query': q, 'target': pid} for pid, q, _ in chosen]
    tasks += [{'task': 'paraphrase', 'query': s, 'target': pid} for pid, _, s in chosen]
    tasks += [{'task': 'related', 'target': pid} for pid, _, _ in chosen]
    return tasks


# ---------------------------------------------------------------- keyword search (serve.py search_rank)

class SubstringIndex:
    """Non-overlapping substring counts of a word in each of many texts, from a bigram position index.

    The texts (already lower-cased) are UTF-8 encoded and joined with NUL separators; for an encoded word,
    its occurrences in the joined bytes are exactly its occurrences in the texts (UTF-8 is self-synchronising
    and words hold no NUL). Positions are grouped by the bigram that starts there, so a word's candidates are
    one bucket (one 256-bucket range for a one-byte word), filtered byte by byte; a word that can overlap
    itself ("that", "...") then drops the overlapping occurrences as str.count does."""

    def __init__(self, texts):
        parts = [t.encode('utf-8') for t in texts]
        self.blob = b'\0'.join(parts) + b'\0'
        self.arr = np.frombuffer(self.blob + b'\0' * 64, dtype=np.uint8)
        codes = self.arr[:len(self.blob)].astype(np.uint16) * 256 + self.arr[1:len(self.blob) + 1]
        self.order = np.argsort(codes, kind='stable').astype(np.int32)
        self.bounds = np.concatenate(([0], np.cumsum(np.bincount(codes, minlength=65536)))).astype(np.int64)
        self.doc = np.repeat(np.arange(len(parts), dtype=np.int32), [len(b) + 1 for b in parts])
        self.n = len(parts)

    def counts(self, word):
        w = word.encode('utf-8')
        if b'\0' in w or not w:
            raise ValueError('query word with NUL')
        if len(w) == 1:
            pos = self.order[self.bounds[w[0] * 256]:self.bounds[w[0] * 256 + 256]]
        else:
            c = w[0] * 256 + w[1]
            pos = self.order[self.bounds[c]:self.bounds[c + 1]]
            for j in range(2, len(w)):
                if len(pos) == 0:
                    break
                pos = pos[self.arr[pos + j] == w[j]]
            if len(pos) > 1 and any(w[:k] == w[-k:] for k in range(1, len(w))):
                pos = self._non_overlapping(pos, len(w))
        return np.bincount(self.doc[pos], minlength=self.n)

    @staticmethod
    def _non_overlapping(pos, length):
        """Keep the occurrences str.count counts: scanning left to right, skip one that overlaps the last kept.
        Only occurrences closer than `length` to a neighbour can be skipped, so only those are walked."""
        pos = np.sort(pos)
        close = np.flatnonzero(np.diff(pos) < length)
        if close.size == 0:
            return pos
        keep = np.ones(len(pos), dtype=bool)
        last_end = -1
        for i in np.union1d(close, close + 1):
            if pos[i] < last_end:
                keep[i] = False
            else:
                last_end = pos[i] + length
        return pos[keep]


class KeywordSearch:
    def __init__(self, papers):
        self.ids = [p['id'] for p in papers]
        self.authors = SubstringIndex([' '.join(p['authors']).lower() for p in papers])
        self.titles = SubstringIndex([p['title'].lower() for p in papers])
        self.summaries = SubstringIndex([p['summary'].lower() for p in papers])
        # rank of each id in ordinal order, to break score ties as Python's sort of (score, id) tuples does
        ordinal = np.argsort(np.array(self.ids, dtype=object), kind='stable')
        self.id_rank = np.empty(len(self.ids), dtype=np.int64)
        self.id_rank[ordinal] = np.arange(len(self.ids))
        self.papers = papers

    def rank(self, q, top=TOP):
        """Indices of the best `top` papers (score > 0) in the order search_rank returns them."""
        score = np.zeros(len(self.ids), dtype=np.float64)
        for w in q.lower().strip().split():
            score += 10.0 * (self.authors.counts(w) > 0)
            score += 20.0 * (self.titles.counts(w) > 0)
            score += np.minimum(3, self.summaries.counts(w))
        hits = np.flatnonzero(score > 0)
        order = np.lexsort((-self.id_rank[hits], -score[hits]))
        return hits[order[:top]], score

    def rank_reference(self, q, top=TOP):
        """The original's loop, for checking the index and timing the original's way."""
        qs = q.lower().strip().split()
        pairs = []
        for i, p in enumerate(self.papers):
            a, t, s = ' '.join(p['authors']).lower(), p['title'].lower(), p['summary'].lower()
            sc = 10.0 * sum(1 for w in qs if w in a) + 20.0 * sum(1 for w in qs if w in t) \
                + sum(min(3, s.count(w)) for w in qs)
            if sc > 0:
                pairs.append((sc, p['id'], i))
        pairs.sort(key=lambda x: (x[0], x[1]), reverse=True)
        return [i for _, _, i in pairs[:top]], [sc for sc, _, _ in pairs[:top]]


# ---------------------------------------------------------------- measuring

def percentile(values, p):
    if not values:
        return None
    v = sorted(values)
    return v[max(0, math.ceil(p / 100.0 * len(v)) - 1)]


def rank_of(ranked, target):
    for r, i in enumerate(ranked, 1):
        if i == target:
            return r
    return None


def summarize_ranks(ranks, latencies_ms):
    n = len(ranks)
    return {
        'n': n,
        'mrr': sum(1.0 / r for r in ranks if r is not None) / n if n else None,
        'hit@1': sum(1 for r in ranks if r == 1) / n if n else None,
        'hit@10': sum(1 for r in ranks if r is not None and r <= 10) / n if n else None,
        'latency_ms_p50': percentile(latencies_ms, 50),
        'latency_ms_p99': percentile(latencies_ms, 99),
        'ranks': ranks,
    }


def norm_name(name):
    return ' '.join(name.split())


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--corpus', required=True, help='folder of arxiv-daily *.jsonl.gz')
    ap.add_argument('--tasks', required=True, help='tasks JSON lines (read, or written with --make-tasks)')
    ap.add_argument('--out', help='results JSON (omit with --make-tasks to only write the tasks)')
    ap.add_argument('--limit', type=int, default=0, help='first N tasks of each kind (0 = all)')
    ap.add_argument('--related-limit', type=int, default=200,
                    help='first N related tasks (default 200: ~1.1 s of SVM per seed on 2 cores; 0 = all)')
    ap.add_argument('--make-tasks', type=int, metavar='N', help='write N tasks of each kind to --tasks')
    ap.add_argument('--seed', type=int, default=42, help='seed for --make-tasks (default 42)')
    ap.add_argument('--svm-c', type=float, default=0.1, help='LinearSVC C (default 0.1)')
    ap.add_argument('--check-keyword', type=int, default=10, metavar='K',
                    help='compare the keyword index with the original loop on the first K keyword queries')
    args = ap.parse_args()
    if args.make_tasks is None and not args.out:
        ap.error('--out is required unless --make-tasks is given')

    t_run = time.perf_counter()
    papers, n_files, n_rows = load_corpus(args.corpus)
    log(f'corpus: {n_files} files, {n_rows} rows, {len(papers)} papers')
    if len(papers) != 67802:
        log(f'note: expected 67,802 papers for arxiv-daily, read {len(papers)}')

    if args.make_tasks is not None:
        tasks = make_tasks(papers, args.make_tasks, args.seed)
        with open(args.tasks, 'w', encoding='utf-8', newline='\n') as f:
            for t in tasks:
                f.write(json.dumps(t, ensure_ascii=False, separators=(',', ':')) + '\n')
        log(f'wrote {len(tasks)} tasks to {args.tasks} (N={args.make_tasks}, seed={args.seed})')
        if not args.out:
            return

    with open(args.tasks, 'rb') as f:
        raw = f.read()
    tasks = [json.loads(line) for line in raw.decode('utf-8').splitlines() if line.strip()]
    kinds = {k: [t for t in tasks if t['task'] == k] for k in ('known-item', 'paraphrase', 'related')}
    available = {k: len(v) for k, v in kinds.items()}
    if args.limit:
        kinds = {k: v[:args.limit] for k, v in kinds.items()}
    if args.related_limit:
        kinds['related'] = kinds['related'][:args.related_limit]
    index_of = {p['id']: i for i, p in enumerate(papers)}
    missing = sorted({t['target'] for v in kinds.values() for t in v if t['target'] not in index_of})
    if missing:
        raise SystemExit(f'{len(missing)} task targets are not in the corpus, e.g. {missing[:5]}')

    # features, as compute.py
    vec = TfidfVectorizer(input='content', encoding='utf-8', decode_error='replace', strip_accents='unicode',
                          lowercase=True, analyzer='word', stop_words='english',
                          token_pattern=r'(?u)\b[a-zA-Z_][a-zA-Z0-9_]+\b', ngram_range=(1, 2),
                          max_features=20000, norm='l2', use_idf=True, smooth_idf=True, sublinear_tf=True,
                          max_df=0.1, min_df=5)
    docs = [' '.join([p['title'], p['summary'], ' '.join(p['authors'])]) for p in papers]
    t0 = time.perf_counter()
    vec.fit(docs)
    fit_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    X = vec.transform(docs).astype(np.float32)
    transform_s = time.perf_counter() - t0
    del docs
    log(f'tfidf: fit {fit_s:.1f} s, transform {transform_s:.1f} s, {X.shape[0]} x {X.shape[1]}, nnz {X.nnz}')

    t0 = time.perf_counter()
    kw = KeywordSearch(papers)
    kw_index_s = time.perf_counter() - t0
    log(f'keyword index: {kw_index_s:.1f} s')

    results = {
        'peer': 'arxiv-sanity-lite (karpathy/arxiv-sanity-lite: compute.py features, serve.py search_rank '
                'and svm_rank), re-implemented in bench/arxiv_sanity_peer.py',
        'corpus': {'path': os.path.abspath(args.corpus), 'files': n_files, 'rows': n_rows, 'papers': len(papers)},
        'tasks': {'path': os.path.abspath(args.tasks), 'sha256': hashlib.sha256(raw).hexdigest(),
                  'available': available,
                  'used': {k: len(v) for k, v in kinds.items()}, 'limit': args.limit,
                  'related_limit': args.related_limit, 'generated': args.make_tasks is not None,
                  'make_tasks_n': args.make_tasks, 'seed': args.seed if args.make_tasks is not None else None},
        'vectorizer': {'text': "title + ' ' + summary + ' ' + ' '.join(authors)", 'fit_s': round(fit_s, 3),
                       'transform_s': round(transform_s, 3), 'vocabulary_size': len(vec.vocabulary_),
                       'matrix_nnz': int(X.nnz), 'max_features': 20000, 'max_df': 0.1, 'min_df': 5,
                       'ngram_range': [1, 2], 'sublinear_tf': True},
        'keyword_index_build_s': round(kw_index_s, 3),
    }

    # free-text tasks
    checked, check_ms, mismatches = 0, [], 0
    for kind in ('known-item', 'paraphrase'):
        per_mode = {}
        for mode in ('keyword', 'tfidf'):
            ranks, lat = [], []
            for t in kinds[kind]:
                target = index_of[t['target']]
                t0 = time.perf_counter()
                if mode == 'keyword':
                    ranked, _ = kw.rank(t['query'])
                else:
                    s = (X @ vec.transform([t['query']]).T).toarray().ravel()
                    hits = np.flatnonzero(s > 0)
                    ranked = hits[np.argsort(-s[hits], kind='stable')[:TOP]]
                lat.append((time.perf_counter() - t0) * 1000.0)
                ranks.append(rank_of(ranked.tolist(), target))
                if mode == 'keyword' and checked < args.check_keyword:
                    t0 = time.perf_counter()
                    ref, _ = kw.rank_reference(t['query'])
                    check_ms.append((time.perf_counter() - t0) * 1000.0)
                    checked += 1
                    if ref != ranked.tolist():
                        mismatches += 1
                        log(f'keyword index differs from the reference loop on: {t["query"]!r}')
            per_mode[mode] = summarize_ranks(ranks, lat)
            log(f'{kind} {mode}: MRR {per_mode[mode]["mrr"]:.3f}')
        results[kind] = per_mode
    results['keyword_check'] = {
        'queries': checked, 'mismatches': mismatches,
        'reference_loop_latency_ms_p50': percentile(check_ms, 50),
        'note': "the original's per-paper Python loop, run on the first queries to check the index gives the "
                "same top-100 list; its latency is what arxiv-sanity-lite itself would take per query here"}

    # related: one SVM per seed, as svm_rank(pid=...)
    cat_share, auth_share, lat = [], [], []
    for n_done, t in enumerate(kinds['related'], 1):
        seed = index_of[t['target']]
        t0 = time.perf_counter()
        y = np.zeros(X.shape[0], dtype=np.float32)
        y[seed] = 1.0
        clf = svm.LinearSVC(class_weight='balanced', verbose=False, max_iter=10000, tol=1e-6, C=args.svm_c)
        clf.fit(X, y)
        s = clf.decision_function(X)
        sortix = np.argsort(-s)
        lat.append((time.perf_counter() - t0) * 1000.0)
        top = [int(i) for i in sortix[:11] if i != seed][:10]
        sp = papers[seed]
        seed_cat = sp['categories'][0] if sp['categories'] else None
        seed_auth = {norm_name(a) for a in sp['authors']}
        cat_share.append(sum(1 for i in top if papers[i]['categories'][:1] == [seed_cat]) / 10.0)
        auth_share.append(sum(1 for i in top if seed_auth & {norm_name(a) for a in papers[i]['authors']}) / 10.0)
        if n_done % 50 == 0:
            log(f'related: {n_done}/{len(kinds["related"])}')
    nr = len(cat_share)
    results['related'] = {'svm': {
        'n': nr, 'C': args.svm_c, 'class_weight': 'balanced', 'max_iter': 10000, 'tol': 1e-6,
        'same_primary_category@10': sum(cat_share) / nr if nr else None,
        'shared_author@10': sum(auth_share) / nr if nr else None,
        'latency_ms_p50': percentile(lat, 50), 'latency_ms_p99': percentile(lat, 99),
        'limited': nr < available['related']}}

    results['versions'] = {'python': platform.python_version(), 'numpy': np.__version__,
                           'scipy': scipy.__version__, 'sklearn': sklearn.__version__}
    results['machine'] = {'cpus': os.cpu_count(), 'platform': platform.platform()}
    results['run_s'] = round(time.perf_counter() - t_run, 1)
    with open(args.out, 'w', encoding='utf-8') as f:
        json.dump(results, f, indent=1)
        f.write('\n')

    # human-readable summary
    print(f"arxiv-sanity-lite peer: {len(papers)} papers, vocabulary {len(vec.vocabulary_)}, "
          f"tfidf fit {fit_s:.1f} s + transform {transform_s:.1f} s")
    print(f"{'task':<11} {'mode':<8} {'n':>5} {'MRR':>6} {'hit@1':>6} {'hit@10':>6} {'p50 ms':>8} {'p99 ms':>8}")
    for kind in ('known-item', 'paraphrase'):
        for mode, m in results[kind].items():
            print(f"{kind:<11} {mode:<8} {m['n']:>5} {m['mrr']:>6.3f} {m['hit@1']:>6.3f} {m['hit@10']:>6.3f} "
                  f"{m['latency_ms_p50']:>8.1f} {m['latency_ms_p99']:>8.1f}")
    r = results['related']['svm']
    if nr:
        print(f"related     svm      {nr:>5}  same primary category@10 {r['same_primary_category@10']:.3f}, "
              f"shared author@10 {r['shared_author@10']:.3f}, p50 {r['latency_ms_p50']:.0f} ms, "
              f"p99 {r['latency_ms_p99']:.0f} ms (C={args.svm_c})"
              + (f" [limited to {nr} of {available['related']} seeds]" if r['limited'] else ''))
    kc = results['keyword_check']
    if kc['queries']:
        print(f"keyword index vs the original loop: {kc['queries']} queries, {kc['mismatches']} mismatches; "
              f"original loop p50 {kc['reference_loop_latency_ms_p50']:.0f} ms")
    print(f"python {results['versions']['python']}, scikit-learn {sklearn.__version__}, numpy {np.__version__}, "
          f"scipy {scipy.__version__}; run {results['run_s']:.0f} s")


if __name__ == '__main__':
    main()
