import Diagnostics
import Yams

/// YAML as the project's readers take it (stackql-deploy manifests, audit expectations): the document's root node,
/// with Yams's errors turned into one sentence and the line they are on.
public enum YAMLSyntax {
    /// What was wrong with the YAML: the line, when Yams says, and one sentence.
    public struct Problem: Error, Sendable {
        public var line: Int?
        public var message: String
    }

    /// The document's root node, or `nil` for an empty document.
    public static func compose(_ yaml: String) throws(Problem) -> Node? {
        do {
            return try Yams.compose(yaml: yaml)
        } catch let failure as YamlError {
            throw problem(failure, yaml: yaml)
        } catch {
            throw Problem(line: nil, message: "invalid YAML")
        }
    }

    /// `'name'`, `a list`, `a mapping`, `an alias`: how an error names a node it did not expect.
    public static func describe(_ node: Node) -> String {
        switch node {
        case .scalar(let scalar): return "'\(scalar.string)'"
        case .sequence: return "a list"
        case .mapping: return "a mapping"
        case .alias: return "an alias"
        }
    }

    /// `unknown key 'expire' (did you mean 'expires'?)`, or the keys it may be when none is close.
    public static func unknownKey(_ key: String, allowed: [String]) -> String {
        var message = "unknown key '\(key)'"
        if let close = Suggestion.closest(to: key, among: allowed, maxDistance: 2) {
            message += " (did you mean '\(close)'?)"
        } else {
            message += " (expected one of: \(allowed.joined(separator: ", ")))"
        }
        return message
    }

    /// Whether the document, its aliases expanded, holds more than `limit` values. The walk stops at the limit, so it
    /// takes no longer than reading a document of that size.
    public static func expands(_ root: Node, beyond limit: Int) -> Bool {
        var count = 0
        var pending = [root]
        while let node = pending.popLast() {
            count += 1
            if count > limit { return true }
            switch node {
            case .sequence(let items): pending += items
            case .mapping(let mapping):
                for (key, value) in mapping { pending += [key, value] }
            case .scalar, .alias: break
            }
        }
        return false
    }

    /// Whether `node` is YAML's null (`~`, `null` or nothing, unquoted).
    public static func isNull(_ node: Node) -> Bool {
        guard case .scalar(let scalar) = node, scalar.style == .plain else { return false }
        return node.tag.description == Tag.Name.null.rawValue
    }

    static func problem(_ failure: YamlError, yaml: String) -> Problem {
        func lowered(_ text: String) -> String {
            guard let first = text.first else { return text }
            return first.lowercased() + text.dropFirst()
        }
        switch failure {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
            .composer(let context, let problem, let mark, _):
            var message = "invalid YAML: \(lowered(problem))"
            if let context, !context.text.isEmpty {
                message += " (\(lowered(context.text)) that starts at line \(context.mark.line))"
            }
            return Problem(line: mark.line, message: message)
        case .reader(let problem, let offset, _, _):
            let line = offset.map { offset in yaml.prefix(offset).filter(\.isNewline).count + 1 }
            return Problem(line: line, message: "invalid YAML: \(lowered(problem))")
        case .duplicatedKeysInMapping(let duplicates, let context):
            let keys = duplicates.map { "'\($0)'" }.joined(separator: ", ")
            return Problem(line: context.mark.line, message: "duplicate key \(keys) in a mapping")
        default:
            return Problem(line: nil, message: "invalid YAML")
        }
    }
}
