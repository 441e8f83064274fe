package io.iwant.daemon.leader;

import io.iwant.daemon.leader.search.ListSearch;
import io.iwant.daemon.leader.search.Lookup;
import io.iwant.daemon.leader.search.SearchHit;
import io.iwant.daemon.peer.FanOut;
import io.iwant.protocol.hash.HashPrefix;
import io.iwant.protocol.index.IndexEntry;
import io.iwant.protocol.peer.Endpoint;
import io.iwant.protocol.peer.PeerMessage;
import io.iwant.protocol.peer.Sync;
import io.iwant.protocol.wire.Limits;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zeromq.ZContext;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Asks the members themselves when the leader finds nothing or cannot be asked: every member discovery knows (at
 * most {@value #MAX_MEMBERS}, this peer first, answered in the process from {@link OwnContent}) gets the same
 * question at once, and the answers that come within the time budget are merged.
 * <ul>
 *   <li>Search: hits are merged by content hash; a hit's peer count is the number of members that sent it, and the
 *   merged hits are ranked again here ({@link ListSearch}) against the query, so a member's order is not taken on
 *   its word; hits whose names do not match the query at all come last.</li>
 *   <li>Lookup: only contents whose hash starts with the prefix count; one content is {@link Sync.Located} with
 *   every member that has it as a seeder (id and endpoint as discovery knows them, never as a member says), several
 *   are {@link Sync.Ambiguous}, none is {@link Sync.NotFound}.</li>
 * </ul>
 * Each use is logged, with how many members were asked and answered. Runs on the caller's thread (see
 * {@link FanOut}); keeps nothing between questions.
 */
public final class MemberFallback {
    private static final Logger log = LoggerFactory.getLogger(MemberFallback.class);
    /** Members asked at most, this peer included. */
    public static final int MAX_MEMBERS = 64;

    /** A member to ask: its id, its peer endpoint as discovery knows it, and whether it is this peer. */
    public record Member(String peerId, String endpoint, boolean self) {
    }

    private final ZContext context;
    private final Supplier<List<Member>> members;
    private final OwnContent own;
    private final Duration budget;

    /** @param budget how long the members have to answer, from the moment the question is sent */
    public MemberFallback(ZContext context, Supplier<List<Member>> members, OwnContent own, Duration budget) {
        this.context = context;
        this.members = members;
        this.own = own;
        this.budget = budget;
    }

    /** The members' own hits for {@code query}, merged, best first; {@code why} says in the log why they were asked. */
    public Sync.Results search(String query, int limit, String why) {
        Map<Member, PeerMessage> answers = ask(new Sync.LocalSearch(query, limit), own::search, m -> true);
        Sync.Results merged = merge(query, limit, List.of(), answers);
        log.info("{}: asked the members directly for a search: {} answered, {} hits", why, answers.size(),
                merged.hits().size());
        return merged;
    }

    /**
     * The leader's hits for {@code query} completed with the own hits of the members it has not taken in yet (those
     * of {@link Sync.Results#pending} that discovery here lists: a leader cannot make this peer ask strangers), merged
     * and ranked again, best first. A hit's peer count is the leader's count plus the pending members that sent it;
     * {@link Sync.Results#pending} of the answer names the pending members that did not answer in time.
     */
    public Sync.Results complete(String query, int limit, Sync.Results leader) {
        Set<String> pending = new HashSet<>(leader.pending());
        Map<Member, PeerMessage> answers = ask(new Sync.LocalSearch(query, limit), own::search,
                m -> pending.contains(m.peerId()));
        Sync.Results merged = merge(query, limit, leader.hits(), answers);
        answers.keySet().forEach(m -> pending.remove(m.peerId()));
        log.info("the leader has not taken in the index of {} members yet: asked them directly for a search, {} "
                + "answered, {} hits in all", leader.pending().size(), answers.size(), merged.hits().size());
        return new Sync.Results(merged.hits(), pending.stream().sorted().toList());
    }

    /**
     * {@code base} (hits that count their own peers) and the members' answers merged by content hash, ranked again
     * against {@code query} ({@link ListSearch}), at most {@code limit}; hits whose names do not match it come last.
     */
    private static Sync.Results merge(String query, int limit, List<Sync.Found> base,
                                      Map<Member, PeerMessage> answers) {
        Map<String, Sync.Found> first = new LinkedHashMap<>();
        Map<String, Integer> counted = new HashMap<>();
        Map<String, Set<String>> holders = new LinkedHashMap<>();
        Set<IndexEntry> named = new LinkedHashSet<>();
        for (Sync.Found hit : base) {
            if (first.putIfAbsent(hit.hash(), hit) == null) {
                counted.put(hit.hash(), hit.peers());
                named.add(new IndexEntry(hit.name(), hit.size(), hit.hash(), hit.dir()));
            }
        }
        for (Map.Entry<Member, PeerMessage> answer : answers.entrySet()) {
            if (!(answer.getValue() instanceof Sync.Results results)) {
                continue;
            }
            for (Sync.Found hit : results.hits().subList(0, Math.min(limit, results.hits().size()))) {
                first.putIfAbsent(hit.hash(), hit);
                holders.computeIfAbsent(hit.hash(), h -> new HashSet<>()).add(answer.getKey().peerId());
                named.add(new IndexEntry(hit.name(), hit.size(), hit.hash(), hit.dir()));
            }
        }
        Function<String, Integer> peers = hash -> counted.getOrDefault(hash, 0)
                + holders.getOrDefault(hash, Set.of()).size();
        List<Sync.Found> merged = new ArrayList<>();
        for (SearchHit hit : ListSearch.search(List.copyOf(named), query, Limits.MAX_RESULTS, () -> false)) {
            Sync.Found kept = first.get(hit.hash());
            merged.add(new Sync.Found(hit.name(), kept.size(), hit.hash(), kept.dir(), peers.apply(hit.hash())));
        }
        Set<String> ranked = new HashSet<>();
        merged.forEach(f -> ranked.add(f.hash()));
        first.values().stream().filter(f -> !ranked.contains(f.hash()))
                .map(f -> new Sync.Found(f.name(), f.size(), f.hash(), f.dir(), peers.apply(f.hash())))
                .sorted(Comparator.comparingInt((Sync.Found f) -> -f.peers()).thenComparing(Sync.Found::name)
                        .thenComparing(Sync.Found::hash))
                .forEach(merged::add);
        return new Sync.Results(List.copyOf(merged.subList(0, Math.min(limit, merged.size()))));
    }

    /**
     * What the members themselves hold under {@code prefix}: {@link Sync.Located}, {@link Sync.Ambiguous} or
     * {@link Sync.NotFound}; {@code why} says in the log why they were asked.
     */
    public PeerMessage lookup(HashPrefix prefix, String why) {
        Map<Member, PeerMessage> answers = ask(new Sync.LocalLookup(prefix.hex()), own::lookup, m -> true);
        Map<String, Sync.Found> found = new TreeMap<>();
        Map<String, List<Member>> holders = new TreeMap<>();
        for (Map.Entry<Member, PeerMessage> answer : answers.entrySet()) {
            List<Sync.Found> held = new ArrayList<>();
            if (answer.getValue() instanceof Sync.Located located) {
                held.add(new Sync.Found(located.name(), located.size(), located.hash(), located.dir(), 1));
            } else if (answer.getValue() instanceof Sync.Ambiguous ambiguous) {
                held.addAll(ambiguous.candidates());
            }
            for (Sync.Found f : held) {
                if (prefix.matches(f.hash())) {
                    found.putIfAbsent(f.hash(), f);
                    List<Member> members = holders.computeIfAbsent(f.hash(), h -> new ArrayList<>());
                    if (!members.contains(answer.getKey())) {
                        members.add(answer.getKey());
                    }
                }
            }
        }
        log.info("{}: asked the members directly for a lookup of {}: {} answered, {} found", why, prefix.hex(),
                answers.size(), found.size());
        if (found.isEmpty()) {
            return new Sync.NotFound("No member has a file or folder whose hash starts with " + prefix.hex() + ".");
        }
        if (found.size() == 1) {
            Sync.Found f = found.values().iterator().next();
            List<Sync.Seeder> seeders = holders.get(f.hash()).stream().limit(Limits.MAX_SEEDERS)
                    .map(m -> new Sync.Seeder(m.peerId(), m.endpoint())).toList();
            return new Sync.Located(f.hash(), f.name(), f.size(), f.dir(), seeders);
        }
        List<Sync.Found> candidates = found.values().stream().limit(Lookup.MAX_CANDIDATES)
                .map(f -> new Sync.Found(f.name(), f.size(), f.hash(), f.dir(), holders.get(f.hash()).size()))
                .toList();
        return new Sync.Ambiguous(prefix.hex(), candidates);
    }

    /**
     * Sends {@code question} to every member {@code which} takes but this peer, answers it for this peer meanwhile
     * (if taken), then waits for the others until the budget is spent; the answers by member, this peer first.
     */
    private <Q extends PeerMessage> Map<Member, PeerMessage> ask(Q question, Function<Q, PeerMessage> self,
                                                                Predicate<Member> which) {
        long deadline = System.nanoTime() + budget.toNanos();
        List<Member> asked = asked().stream().filter(which).toList();
        Map<String, Member> byEndpoint = new LinkedHashMap<>();
        asked.stream().filter(m -> !m.self()).forEach(m -> byEndpoint.putIfAbsent(m.endpoint(), m));
        Map<Member, PeerMessage> answers = new LinkedHashMap<>();
        try (FanOut fanOut = FanOut.send(context, List.copyOf(byEndpoint.keySet()), question, budget)) {
            for (Member m : asked) {
                if (m.self()) {
                    answers.put(m, self.apply(question));
                }
            }
            fanOut.collect(deadline).forEach((endpoint, reply) -> answers.put(byEndpoint.get(endpoint), reply));
        }
        return answers;
    }

    /** The members to ask: distinct ids with valid endpoints, this peer first, at most {@value #MAX_MEMBERS}. */
    private List<Member> asked() {
        List<Member> all = new ArrayList<>(members.get());
        all.sort(Comparator.comparing((Member m) -> !m.self()));
        Set<String> ids = new HashSet<>();
        List<Member> asked = new ArrayList<>();
        for (Member m : all) {
            if (asked.size() < MAX_MEMBERS && Endpoint.isValid(m.endpoint()) && ids.add(m.peerId())) {
                asked.add(m);
            }
        }
        return asked;
    }
}
