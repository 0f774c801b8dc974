import Foundation

/// How each resource pattern relates to each partly known resource, worked out once per process. Deciding whether a
/// pattern names all, some or none of the resources a template stands for intersects globs, which costs far more than
/// looking the answer up; an audit asks the same few questions for thousands of principals (every role's
/// `arn:aws:imagebuilder:us-east-1:…:image/web-*/*` against the same image template). The answer depends on the two
/// texts alone, so a remembered answer is the answer.
final class TemplateTruths: @unchecked Sendable {
    static let shared = TemplateTruths()

    /// Beyond this many answers nothing more is remembered (a process that meets ever new patterns stays bounded).
    static let capacity = 100_000

    private struct Question: Hashable {
        var template: PartialValue
        var pattern: String
    }

    /// The answers, spread by hash over shards with a lock each, so that two threads rarely wait for each other.
    private final class Shard: @unchecked Sendable {
        let lock = ReadWriteLock()
        var answers: [Prehashed<Question>: Truth] = [:]
    }

    private static let shardCount = 16
    private let shards = (0..<TemplateTruths.shardCount).map { _ in Shard() }

    /// The truth of `pattern` for `template`, computed by `work` the first time it is asked.
    func truth(_ pattern: ARNPattern, _ template: PartialValue, work: () -> Truth) -> Truth {
        // Hashed before any lock: every thread of an audit asks on every request.
        let asked = Prehashed(Question(template: template, pattern: pattern.text))
        let shard = shards[asked.shard(of: Self.shardCount)]
        if let known = shard.lock.reading({ shard.answers[asked] }) { return known }
        let answer = work()
        shard.lock.writing {
            if shard.answers.count < Self.capacity / Self.shardCount { shard.answers[asked] = answer }
        }
        return answer
    }
}
