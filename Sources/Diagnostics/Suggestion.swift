/// "Did you mean …?" for every input iamgate reads — policy elements and operators, actions, SQL verbs, tables and
/// columns, Regions, principals: the known name a misspelt one most likely meant.
public enum Suggestion {
    /// The candidate equal to `name` ignoring case; else the first candidate closest to it by edit distance (both
    /// lowercased) when that distance is at most `maxDistance`.
    public static func closest<Candidates: Sequence<String>>(
        to name: String, among candidates: Candidates, maxDistance: Int
    ) -> String? {
        guard let best = closestCandidate(to: name, among: candidates, cap: maxDistance) else { return nil }
        return best.distance <= maxDistance ? best.candidate : nil
    }

    /// As ``closest(to:among:maxDistance:)``, with the greatest distance allowed depending on the closest candidate
    /// (e.g. longer names may be further off).
    public static func closest<Candidates: Sequence<String>>(
        to name: String, among candidates: Candidates, maxDistance: (String) -> Int
    ) -> String? {
        guard let best = closestCandidate(to: name, among: candidates, cap: Int.max - 1),
            best.distance <= maxDistance(best.candidate)
        else { return nil }
        return best.candidate
    }

    /// The candidate equal ignoring case (distance 0), else the first of those closest, among candidates no further
    /// than `cap`.
    private static func closestCandidate<Candidates: Sequence<String>>(
        to name: String, among candidates: Candidates, cap: Int
    ) -> (candidate: String, distance: Int)? {
        let lowered = name.lowercased()
        var best: (candidate: String, distance: Int)?
        for candidate in candidates {
            let candidateLowered = candidate.lowercased()
            if candidateLowered == lowered { return (candidate, 0) }
            // Only a strictly closer candidate can replace the best so far: the distance is computed only that far.
            let limit = min(cap, (best?.distance ?? Int.max) - 1)
            let distance = editDistance(lowered, candidateLowered, limit: limit)
            if distance <= limit { best = (candidate, distance) }
        }
        return best
    }

    /// The Levenshtein distance between the UTF-8 bytes of `a` and `b`; any distance above `limit` is reported as
    /// `limit + 1` (saturating), which lets a search over many candidates, or a very long name, stop early.
    public static func editDistance(_ a: String, _ b: String, limit: Int = Int.max - 1) -> Int {
        let limit = max(0, min(limit, Int.max - 1))
        let a = Array(a.utf8)
        let b = Array(b.utf8)
        let over = limit + 1
        if abs(a.count - b.count) > limit { return over }
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            var rowMinimum = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                rowMinimum = min(rowMinimum, current[j])
            }
            // Every later row is at least this row's minimum.
            if rowMinimum > limit { return over }
            swap(&previous, &current)
        }
        return min(previous[b.count], over)
    }
}
