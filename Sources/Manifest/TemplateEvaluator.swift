import Catalog
import DeploymentFacts
import Foundation
import StackQL

/// Evaluates `{{ … }}` expressions and manifest values against a context of named values, as stackql-deploy's
/// template engine would, except that whatever is not known at check time stays a named unknown (and `unknowns`
/// says why). A filter no template engine knows is an error: stackql-deploy would stop on it too.
struct TemplateEvaluator {
    /// Name → value: external values, built-ins, globals, earlier props; dotted names (`vars.AWS_REGION`,
    /// `vpc.vpc_id`) are keys as written.
    var values: [String: DeployValue]
    /// Why a name has no value at check time, for names the project declares without one (exports, built-ins).
    var pendingReasons: [String: UnknownValueCause] = [:]
    /// The resource whose values these are, which `this.` stands for.
    var resourceName: String?
    /// Every unknown this evaluator produced: its name → why it is unknown.
    private(set) var unknowns: [String: UnknownValueCause] = [:]

    /// A problem stackql-deploy would stop on too.
    struct Failure: Error {
        var message: String
    }

    init(values: [String: DeployValue], pendingReasons: [String: UnknownValueCause] = [:], resourceName: String? = nil)
    {
        self.values = values
        self.pendingReasons = pendingReasons
        self.resourceName = resourceName
    }

    // MARK: - Manifest values

    /// A manifest value resolved: a string that is one `{{ expression }}` takes the expression's value (a list stays
    /// a list); other strings are text with each expression's text in place; inside a list or mapping, known text
    /// that is a JSON list or object is read as JSON (as stackql-deploy does).
    mutating func resolve(_ value: ManifestValue, nested: Bool = false) throws(Failure) -> DeployValue {
        switch value {
        case .string(let text):
            let resolved = try resolve(text: text)
            if nested, case .text = resolved, let known = resolved.knownText,
                known.hasPrefix("{") || known.hasPrefix("["), let parsed = DeployValue.parsingJSON(known)
            {
                return parsed
            }
            return resolved
        case .bool(let flag): return .bool(flag)
        case .number(let text): return .number(text)
        case .null: return .null
        case .list(let items):
            var resolved: [DeployValue] = []
            for item in items { resolved.append(try resolve(item, nested: true)) }
            return try bounded(.list(resolved))
        case .mapping(let members):
            var resolved: [DeployMember] = []
            for member in members {
                resolved.append(DeployMember(key: member.key, value: try resolve(member.value, nested: true)))
            }
            return try bounded(.object(resolved))
        }
    }

    /// `value`, when it is no longer and no deeper than a template may resolve to (``DeployValue/sizeProblem``).
    /// Every value a template makes (a list, a mapping, a filter's result, text joined from expressions) passes here
    /// once, so no value grows past the limit by repeating others, and writing any value out takes bounded time.
    private func bounded(_ value: DeployValue) throws(Failure) -> DeployValue {
        if let problem = value.sizeProblem { throw Failure(message: problem) }
        return value
    }

    /// Text with `{{ … }}` expressions: one expression alone gives its value, otherwise text.
    mutating func resolve(text: String) throws(Failure) -> DeployValue {
        let characters = Array(text)
        var segments: [(isTemplate: Bool, text: String)] = []
        var buffer = ""
        var index = 0
        while index < characters.count {
            let character = characters[index]
            if character == "{", index + 1 < characters.count {
                let next = characters[index + 1]
                if next == "%" || next == "#" {
                    throw Failure(message: "template tags '{\(next)' are not supported; iamgate reads '{{ … }}' values")
                }
                if next == "{" {
                    guard let close = TemplateValues.templateEnd(in: characters, from: index + 2) else {
                        throw Failure(message: "unterminated template expression (missing '}}')")
                    }
                    if !buffer.isEmpty { segments.append((false, buffer)) }
                    buffer = ""
                    segments.append((true, String(characters[(index + 2)..<close])))
                    index = close + 2
                    continue
                }
            }
            buffer.append(character)
            index += 1
        }
        if !buffer.isEmpty { segments.append((false, buffer)) }
        if segments.count == 1, segments[0].isTemplate { return try evaluate(expression: segments[0].text) }
        var builder = PartsBuilder()
        var length = 0
        for segment in segments {
            // Each expression's value is bounded; the text they make together is counted as it grows.
            let parts = segment.isTemplate ? try evaluate(expression: segment.text).rendered : [.literal(segment.text)]
            for part in parts {
                switch part {
                case .literal(let text): length += text.utf8.count
                case .unknown(let name): length += name.utf8.count
                }
            }
            if length > DeployValue.maximumLength { _ = try bounded(.text(builder.parts + parts)) }
            builder.append(parts)
        }
        return .text(builder.parts.isEmpty ? [.literal("")] : builder.parts)
    }

    // MARK: - Expressions

    /// The value of one expression (the raw text between `{{` and `}}`).
    mutating func evaluate(expression raw: String) throws(Failure) -> DeployValue {
        let key = TemplateValues.key(of: raw)
        let expression: TemplateExpression
        do {
            expression = try TemplateExpression.parse(key)
        } catch let unsupported {
            return unknown(key, because: .expressionNotEvaluated(detail: unsupported.reason))
        }
        return try evaluate(expression, key: key)
    }

    /// `key` names what stays unknown: the expression as written at the top, written out again inside.
    private mutating func evaluate(_ expression: TemplateExpression, key written: String?) throws(Failure)
        -> DeployValue
    {
        let key = written ?? expression.text
        switch expression {
        case .name(let root, let steps):
            return lookup(root, steps)
        case .string(let text): return .string(text)
        case .number(let text): return .number(text)
        case .bool(let flag): return .bool(flag)
        case .null: return .null
        case .list(let items):
            var values: [DeployValue] = []
            for item in items { values.append(try evaluate(item, key: nil)) }
            return try bounded(.list(values))
        case .dict(let entries):
            var members: [DeployMember] = []
            for entry in entries {
                members.append(DeployMember(key: entry.key, value: try evaluate(entry.value, key: nil)))
            }
            return try bounded(.object(members))
        case .call(let name):
            if name == "uuid" { return unknown("uuid()", because: .randomUUID) }
            return unknown(key, because: .callNotEvaluated(name: name))
        case .filter(let inner, let name, let arguments):
            guard TemplateFilter.evaluated.contains(name) else {
                if TemplateFilter.notEvaluated.contains(name) {
                    return unknown(key, because: .filterNotEvaluated(name: name))
                }
                var message = "unknown filter '\(name)'"
                if let close = TemplateFilter.suggestion(for: name) { message += " (did you mean '\(close)'?)" }
                throw Failure(message: message + "; stackql-deploy would stop on it")
            }
            let input = try evaluate(inner, key: nil)
            var values: [DeployValue] = []
            for argument in arguments { values.append(try evaluate(argument, key: nil)) }
            return try bounded(try apply(name, to: input, arguments: values, key: key))
        }
    }

    /// A name's value: the longest dotted prefix the context has, then the rest read from it; `this.` is the
    /// resource's own name (as stackql-deploy expands it).
    private mutating func lookup(_ root: String, _ steps: [TemplateExpression.Step]) -> DeployValue {
        let written = Self.pathText(root, steps)
        let scopedRoot = root == "this" ? (resourceName ?? root) : root
        var names = [scopedRoot]
        for step in steps {
            guard case .member(let member) = step else { break }
            names.append(member)
        }
        for count in stride(from: names.count, through: 1, by: -1) {
            let key = names[0..<count].joined(separator: ".")
            guard let found = values[key] else { continue }
            var value = found
            for step in steps.dropFirst(count - 1) {
                guard let next = Self.read(step, of: value) else {
                    if case .unknown = value { return value }
                    return unknown(written, because: .missingStep(key: key, step: Self.stepText(step)))
                }
                value = next
            }
            return value
        }
        if let reason = pendingReasons[written] ?? pendingReasons[names.prefix(2).joined(separator: ".")]
            ?? pendingReasons[scopedRoot]
        {
            return unknown(written, because: reason)
        }
        if root == "this" {
            return unknown(written, because: .capturedByExists)
        }
        if root == "callback" {
            return unknown(written, because: .returningRow)
        }
        return unknown(written, because: .noValue)
    }

    private static func read(_ step: TemplateExpression.Step, of value: DeployValue) -> DeployValue? {
        switch (step, value) {
        case (.member(let name), .object(let members)), (.key(let name), .object(let members)):
            return members.first { $0.key == name }?.value
        case (.index(let position), .list(let items)):
            return position < items.count ? items[position] : nil
        default:
            return nil
        }
    }

    static func pathText(_ root: String, _ steps: [TemplateExpression.Step]) -> String {
        root + steps.map(stepText).joined()
    }

    private static func stepText(_ step: TemplateExpression.Step) -> String {
        switch step {
        case .member(let name): return ".\(name)"
        case .index(let position): return "[\(position)]"
        case .key(let name): return "['\(name)']"
        }
    }

    private mutating func unknown(_ name: String, because reason: UnknownValueCause) -> DeployValue {
        if unknowns[name] == nil { unknowns[name] = reason }
        return .unknown(name)
    }

    // MARK: - Filters

    private mutating func apply(
        _ name: String, to input: DeployValue, arguments: [DeployValue], key: String
    ) throws(Failure) -> DeployValue {
        switch name {
        case "tojson":
            switch input {
            case .unknown: return unknown(key, because: .inputNotKnown)
            case .text(let parts):
                var builder = PartsBuilder()
                builder.literal("\"")
                for part in parts {
                    switch part {
                    case .literal(let text): builder.literal(DeployValue.escaped(text))
                    case .unknown(let name): builder.unknown(name)
                    }
                }
                builder.literal("\"")
                return .text(builder.parts)
            default:
                return .text(input.json)
            }
        case "from_json":
            switch input {
            case .text:
                guard let text = input.knownText else { return unknown(key, because: .inputNotKnown) }
                guard let parsed = DeployValue.parsingJSON(text) else {
                    throw Failure(message: "from_json: '\(text.prefix(40))' is not JSON")
                }
                return parsed
            case .unknown: return unknown(key, because: .inputNotKnown)
            default: return input
            }
        case "generate_patch_document":
            guard let object = structured(input), case .object(let members) = object else {
                if input.hasUnknowns { return unknown(key, because: .inputNotKnown) }
                throw Failure(
                    message: "generate_patch_document: the input must be a mapping of property names to values")
            }
            // stackql-deploy: one `add` per key, in order; a string value that is JSON is added as that JSON.
            let operations = members.map { member -> DeployValue in
                var value = member.value
                if case .text = value, let text = value.knownText, let parsed = DeployValue.parsingJSON(text) {
                    value = parsed
                }
                return .object([
                    DeployMember(key: "op", value: .string("add")),
                    DeployMember(key: "path", value: .string("/\(member.key)")),
                    DeployMember(key: "value", value: value),
                ])
            }
            return .text(DeployValue.list(operations).json)
        case "base64_encode":
            guard case .text = input, let text = input.knownText else {
                return unknown(key, because: .inputNotKnown)
            }
            return .string(Data(text.utf8).base64EncodedString())
        case "sql_escape":
            guard case .text(let parts) = input else { return unknown(key, because: .inputNotText) }
            return .text(
                parts.map { part in
                    if case .literal(let text) = part {
                        return .literal(text.replacingOccurrences(of: "'", with: "''"))
                    }
                    return part
                })
        case "to_aws_tag_filters":
            guard let tags = structured(input), case .list(let items) = tags else {
                return unknown(key, because: .inputNotKnownTags)
            }
            var filters: [DeployValue] = []
            for item in items {
                guard case .object(let members) = item, let tagKey = members.first(where: { $0.key == "Key" })?.value,
                    let tagValue = members.first(where: { $0.key == "Value" })?.value
                else { continue }
                filters.append(
                    .object([
                        DeployMember(key: "Key", value: tagKey), DeployMember(key: "Values", value: .list([tagValue])),
                    ]))
            }
            return .text(DeployValue.list(filters).json)
        case "merge_objects":
            guard let first = structured(input), case .object(var merged) = first, let other = arguments.first,
                let second = structured(other), case .object(let more) = second
            else { return unknown(key, because: .inputsNotKnownMappings) }
            for member in more {
                if let index = merged.firstIndex(where: { $0.key == member.key }) {
                    merged[index] = member
                } else {
                    merged.append(member)
                }
            }
            return .object(merged)
        default:  // merge_lists
            guard let first = structured(input), case .list(var merged) = first, let other = arguments.first,
                let second = structured(other), case .list(let more) = second
            else { return unknown(key, because: .inputsNotKnownLists) }
            // A set of what is there already: `contains` on the list would make this quadratic.
            var present = Set(merged)
            for item in more where present.insert(item).inserted { merged.append(item) }
            return .list(merged)
        }
    }

    /// A list or mapping, or known text that is one.
    private func structured(_ value: DeployValue) -> DeployValue? {
        switch value {
        case .list, .object: return value
        case .text:
            guard let text = value.knownText, let parsed = DeployValue.parsingJSON(text) else { return nil }
            switch parsed {
            case .list, .object: return parsed
            default: return nil
            }
        default: return nil
        }
    }
}
