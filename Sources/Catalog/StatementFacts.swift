import IAMPolicy
import JSON

/// What a statement's values say about the requests AWS will make: the roles, recipes and workflows it names, its
/// tags, and what an UPDATE's patch changes. JSON-valued properties (`Tags`, `Workflows`…) are read with their
/// unknown template parts kept unknown.
struct StatementFacts {
    var properties: [String: PartialValue] = [:]
    var identifier: PartialValue?
    var executionRole: PartialValue?
    var imageRecipe: PartialValue?
    var containerRecipe: PartialValue?
    var workflows: [PartialValue] = []
    var scanningRepository: PartialValue?
    /// Tag keys, when the statement's `Tags` is known (`nil`: no tags, or unknown — see `tagsUnknown`).
    var tagKeys: [String]?
    var tagValues: [(String, String)] = []
    var tagValuesComplete = true
    var tagsUnknown = false
    var patch: PatchFacts?

    enum PatchFacts {
        case unknown
        case known(TagChanges)
    }

    struct TagChanges {
        var added: [(String, String)] = []
        var addedValuesUnknown = false
        var removed: [String] = []
        /// The patch sets or removes `/Tags` as a whole.
        var replacesAll = false
    }

    init(statement: StatementInputs?) throws(RequestBuildError) {
        guard let statement else { return }
        properties = statement.properties
        identifier = statement.identifier
        executionRole = statement.property("ExecutionRole")
        imageRecipe = statement.property("ImageRecipeArn")
        containerRecipe = statement.property("ContainerRecipeArn")
        if let workflows = statement.property("Workflows") {
            self.workflows = try Self.workflowARNs(workflows)
        }
        if let scanning = statement.property("ImageScanningConfiguration") {
            scanningRepository = try Self.scanningRepository(scanning)
        }
        if let tags = statement.property("Tags") {
            try readTags(tags)
        }
        if let patch = statement.patchDocument {
            self.patch = try Self.patchFacts(patch)
        }
    }

    func value(_ property: String) -> PartialValue? {
        properties.first { $0.key.lowercased() == property.lowercased() }?.value
    }

    // MARK: - JSON with unknown parts

    /// A JSON value whose strings may hold unknown parts.
    indirect enum Value {
        case string(PartialValue)
        case object([(String, Value)])
        case array([Value])
        case scalar(String)
        /// The whole value is an unknown template.
        case unknown(String)
    }

    static let open: Character = "\u{E010}"
    static let close: Character = "\u{E011}"

    /// Reads `value` as JSON; unknown template parts inside strings stay unknown, and a value that is one unknown
    /// template is `.unknown`.
    static func json(_ value: PartialValue, property: String) throws(RequestBuildError) -> Value {
        if value.parts.count == 1, case .unknown(let name) = value.parts[0] { return .unknown(name) }
        var text = ""
        var names: [String] = []
        for part in value.parts {
            switch part {
            case .literal(let literal): text += literal
            case .unknown(let name):
                text += "\(open)\(names.count)\(close)"
                names.append(name)
            }
        }
        let node: JSONNode
        do {
            node = try JSONParser.parse(text)
        } catch let error {
            throw RequestBuildError(
                message: "the value of \(property) is not valid JSON (\(error.message) at character "
                    + "\(error.location.column))")
        }
        return convert(node, names: names)
    }

    private static func convert(_ node: JSONNode, names: [String]) -> Value {
        switch node.kind {
        case .string(let text): return .string(restore(text, names: names))
        case .object(let members): return .object(members.map { ($0.key, convert($0.value, names: names)) })
        case .array(let items): return .array(items.map { convert($0, names: names) })
        case .number(let text): return .scalar(text)
        case .bool(let flag): return .scalar(flag ? "true" : "false")
        case .null: return .scalar("null")
        }
    }

    /// Turns sentinel-marked text back into literal and unknown parts.
    private static func restore(_ text: String, names: [String]) -> PartialValue {
        var parts: [PartialValue.Part] = []
        var literal = ""
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            if character == open, let end = text[index...].firstIndex(of: close),
                let number = Int(text[text.index(after: index)..<end]), number < names.count
            {
                if !literal.isEmpty {
                    parts.append(.literal(literal))
                    literal = ""
                }
                parts.append(.unknown(names[number]))
                index = text.index(after: end)
                continue
            }
            literal.append(character)
            index = text.index(after: index)
        }
        if !literal.isEmpty || parts.isEmpty { parts.append(.literal(literal)) }
        return PartialValue(parts: parts)
    }

    private static func member(_ value: Value, _ key: String) -> Value? {
        guard case .object(let members) = value else { return nil }
        return members.first { $0.0.lowercased() == key.lowercased() }?.1
    }

    // MARK: - Properties

    static func workflowARNs(_ value: PartialValue) throws(RequestBuildError) -> [PartialValue] {
        switch try json(value, property: "Workflows") {
        case .unknown(let name):
            return [.unknown(name)]
        case .array(let items):
            return items.compactMap { item -> PartialValue? in
                switch member(item, "WorkflowArn") {
                case .string(let arn): return arn
                case .unknown(let name): return .unknown(name)
                default: return nil
                }
            }
        default:
            throw RequestBuildError(message: "the value of Workflows must be a JSON array of {\"WorkflowArn\": …}")
        }
    }

    static func scanningRepository(_ value: PartialValue) throws(RequestBuildError) -> PartialValue? {
        let parsed = try json(value, property: "ImageScanningConfiguration")
        if case .unknown(let name) = parsed { return .unknown(name) }
        guard let ecr = member(parsed, "EcrConfiguration") else { return nil }
        switch member(ecr, "RepositoryName") {
        case .string(let name): return name
        case .unknown(let name): return .unknown(name)
        default:
            // The page: without a repository name Image Builder uses image-builder-image-scanning-repository.
            return .known("image-builder-image-scanning-repository")
        }
    }

    mutating func readTags(_ value: PartialValue) throws(RequestBuildError) {
        let parsed = try Self.json(value, property: "Tags")
        var pairs: [(PartialValue, PartialValue?)] = []
        switch parsed {
        case .unknown:
            tagsUnknown = true
            return
        case .object(let members):
            for (key, member) in members {
                if case .string(let text) = member {
                    pairs.append((.known(key), text))
                } else {
                    pairs.append((.known(key), nil))
                }
            }
        case .array(let items):
            for item in items {
                guard case .string(let key)? = Self.member(item, "Key") else {
                    tagsUnknown = true
                    return
                }
                if case .string(let text)? = Self.member(item, "Value") {
                    pairs.append((key, text))
                } else {
                    pairs.append((key, nil))
                }
            }
        default:
            throw RequestBuildError(message: "the value of Tags must be a JSON object of tag keys to values")
        }
        var keys: [String] = []
        for (key, value) in pairs {
            guard let keyText = key.knownText else {
                tagsUnknown = true
                return
            }
            keys.append(keyText)
            if let text = value?.knownText {
                tagValues.append((keyText, text))
            } else {
                tagValuesComplete = false
            }
        }
        tagKeys = keys
    }

    static func patchFacts(_ value: PartialValue) throws(RequestBuildError) -> PatchFacts {
        let parsed = try json(value, property: "PatchDocument")
        guard case .array(let operations) = parsed else {
            if case .unknown = parsed { return .unknown }
            throw RequestBuildError(message: "the PatchDocument must be a JSON Patch array (RFC 6902)")
        }
        var changes = TagChanges()
        for operation in operations {
            guard case .string(let opValue)? = member(operation, "op"), let op = opValue.knownText,
                case .string(let pathValue)? = member(operation, "path")
            else { return .unknown }
            guard let path = pathValue.knownText else { return .unknown }
            let lowered = path.lowercased()
            guard lowered == "/tags" || lowered.hasPrefix("/tags/") else { continue }
            let isRemoval = op == "remove"
            if lowered == "/tags" {
                changes.replacesAll = true
                if !isRemoval, let value = member(operation, "value") {
                    if case .object(let members) = value {
                        for (key, member) in members {
                            if case .string(let text) = member, let known = text.knownText {
                                changes.added.append((key, known))
                            } else {
                                changes.addedValuesUnknown = true
                            }
                        }
                    } else {
                        changes.addedValuesUnknown = true
                    }
                }
            } else {
                let key = String(path.dropFirst("/tags/".count))
                if isRemoval {
                    changes.removed.append(key)
                } else if case .string(let text)? = member(operation, "value"), let known = text.knownText {
                    changes.added.append((key, known))
                } else {
                    changes.added.append((key, ""))
                    changes.addedValuesUnknown = true
                }
            }
        }
        return .known(changes)
    }
}
