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

    private let lock = NSLock()
    private var answers: [Question: Truth] = [:]

    /// The truth of `pattern` for `template`, computed by `work` the first time it is asked.
    func truth(_ pattern: ARNPattern, _ template: PartialValue, work: () -> Truth) -> Truth {
        let question = Question(template: template, pattern: pattern.text)
        if let known = lock.withLock({ answers[question] }) { return known }
        let answer = work()
        lock.withLock {
            if answers.count < Self.capacity { answers[question] = answer }
        }
        return answer
    }
}
