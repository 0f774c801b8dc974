import Diagnostics
import Yams

/// Reads a manifest's YAML into a `ManifestProject`, checking every key against the fields stackql-deploy documents.
/// Every error is one sentence with the line and the key path (`resources[1].props[0]`).
struct ManifestReader {
    /// The manifest's path, for messages.
    let file: String

    static let topLevelKeys = ["version", "name", "description", "providers", "globals", "resources", "exports"]
    static let globalKeys = ["name", "value", "description", "protected"]
    static let resourceKeys = [
        "name", "type", "file", "props", "exports", "protected", "description", "if", "auth", "sql", "run",
        "skip_validation", "return_vals",
    ]
    static let propertyKeys = ["name", "value", "values", "description", "merge"]

    /// The most values a manifest may hold once its aliases are expanded. An alias (`*name`) repeats its anchor's
    /// whole value, so a few lines of aliases of aliases can stand for billions of values; real manifests hold
    /// hundreds.
    static let maximumExpandedValues = 100_000

    func project(yaml: String, directory: String) throws(ManifestError) -> ManifestProject {
        let root = try compose(yaml)
        guard let root else { throw error(nil, "", "the manifest is empty (expected name, providers and resources)") }
        try checkExpandedSize(root)
        let members = try mapping(root, path: "", what: "the manifest")
        try checkKeys(members, allowed: Self.topLevelKeys, path: "")
        guard let nameNode = members.first(where: { $0.key == "name" })?.value else {
            throw error(line(root), "", "missing 'name' (the stack's name, also {{ stack_name }})")
        }
        var project = ManifestProject(directory: directory, name: try string(nameNode, path: "name"))
        if let version = members.first(where: { $0.key == "version" })?.value {
            guard let number = version.int else {
                throw error(line(version), "version", "must be a whole number, not '\(version.string ?? "…")'")
            }
            project.version = number
        }
        if let description = members.first(where: { $0.key == "description" })?.value {
            project.description = try string(description, path: "description")
        }
        guard let providers = members.first(where: { $0.key == "providers" })?.value else {
            throw error(line(root), "", "missing 'providers' (the StackQL providers the stack uses, e.g. [awscc])")
        }
        project.providers = try strings(providers, path: "providers")
        if let exports = members.first(where: { $0.key == "exports" })?.value {
            project.exports = try strings(exports, path: "exports")
        }
        if let globals = members.first(where: { $0.key == "globals" })?.value, !isNull(globals) {
            for (index, node) in try sequence(globals, path: "globals").enumerated() {
                project.globals.append(try global(node, path: "globals[\(index)]"))
            }
        }
        if let resources = members.first(where: { $0.key == "resources" })?.value, !isNull(resources) {
            for (index, node) in try sequence(resources, path: "resources").enumerated() {
                let resource = try resource(node, path: "resources[\(index)]")
                if let earlier = project.resources.first(where: { $0.name == resource.name }) {
                    throw error(
                        resource.line, "resources[\(index)].name",
                        "duplicate resource name '\(resource.name)' (first at line \(earlier.line)); stackql-deploy "
                            + "requires unique names")
                }
                project.resources.append(resource)
            }
        }
        return project
    }

    // MARK: - Entries

    private func global(_ node: Node, path: String) throws(ManifestError) -> ManifestGlobal {
        let members = try mapping(node, path: path, what: "a global (name and value)")
        try checkKeys(members, allowed: Self.globalKeys, path: path)
        let name = try requiredString(members, "name", in: node, path: path)
        guard let value = members.first(where: { $0.key == "value" })?.value else {
            throw error(line(node), path, "global '\(name)' has no 'value'")
        }
        var global = ManifestGlobal(
            name: name, value: try self.value(value, path: path + ".value"), line: line(node) ?? 0)
        if let description = members.first(where: { $0.key == "description" })?.value {
            global.description = try string(description, path: path + ".description")
        }
        return global
    }

    private func resource(_ node: Node, path: String) throws(ManifestError) -> ManifestResource {
        let members = try mapping(node, path: path, what: "a resource (name, props…)")
        try checkKeys(members, allowed: Self.resourceKeys, path: path)
        let name = try requiredString(members, "name", in: node, path: path)
        var resource = ManifestResource(name: name, line: line(node) ?? 0)
        for member in members {
            let (key, value) = (member.key, member.value)
            let keyPath = path + "." + key
            switch key {
            case "type":
                let text = try string(value, path: keyPath)
                guard let kind = ManifestResource.Kind(rawValue: text) else {
                    let kinds = ManifestResource.Kind.allCases.map(\.rawValue)
                    var message = "unknown resource type '\(text)' (expected \(kinds.joined(separator: ", ")))"
                    if let close = Suggestion.closest(to: text, among: kinds, maxDistance: 2) {
                        message = "unknown resource type '\(text)' (did you mean '\(close)'?)"
                    }
                    throw error(line(value), keyPath, message)
                }
                resource.kind = kind
            case "file": resource.file = try string(value, path: keyPath)
            case "props":
                if isNull(value) { continue }
                for (index, prop) in try sequence(value, path: keyPath).enumerated() {
                    resource.props.append(try property(prop, path: keyPath + "[\(index)]"))
                }
            case "exports": resource.exports = try exports(value, path: keyPath)
            case "protected": resource.protected = try strings(value, path: keyPath)
            case "description": resource.description = try string(value, path: keyPath)
            case "if": resource.condition = try string(value, path: keyPath)
            case "sql":
                let text = try string(value, path: keyPath)
                // A block scalar (`sql: |`) starts on the line after its indicator.
                var first = line(value) ?? 0
                if case .scalar(let scalar) = value, scalar.style == .literal || scalar.style == .folded { first += 1 }
                resource.sql = (text, first)
            case "run": resource.run = try string(value, path: keyPath)
            case "skip_validation":
                guard let flag = value.bool, value.tag.description == Tag.Name.bool.rawValue else {
                    throw error(line(value), keyPath, "must be true or false")
                }
                resource.skipValidation = flag
            default:
                // name (read above), auth and return_vals (provider authentication and RETURNING mappings, which
                // change no statement's permissions).
                break
            }
        }
        return resource
    }

    private func property(_ node: Node, path: String) throws(ManifestError) -> ManifestProperty {
        let members = try mapping(node, path: path, what: "a property (name and value or values)")
        try checkKeys(members, allowed: Self.propertyKeys, path: path)
        let name = try requiredString(members, "name", in: node, path: path)
        var property = ManifestProperty(name: name, line: line(node) ?? 0)
        if let value = members.first(where: { $0.key == "value" })?.value {
            property.value = try self.value(value, path: path + ".value")
        }
        if let values = members.first(where: { $0.key == "values" })?.value {
            let environments = try mapping(values, path: path + ".values", what: "environment names, each with a value")
            for member in environments {
                let (environment, entry) = (member.key, member.value)
                let entryPath = path + ".values." + environment
                let entryMembers = try mapping(entry, path: entryPath, what: "a mapping with 'value'")
                try checkKeys(entryMembers, allowed: ["value"], path: entryPath)
                guard let value = entryMembers.first(where: { $0.key == "value" })?.value else {
                    throw error(line(entry), entryPath, "missing 'value'")
                }
                property.values.append((environment, try self.value(value, path: entryPath + ".value")))
            }
        }
        if let merge = members.first(where: { $0.key == "merge" })?.value {
            property.merge = try strings(merge, path: path + ".merge")
        }
        if let description = members.first(where: { $0.key == "description" })?.value {
            property.description = try string(description, path: path + ".description")
        }
        if property.value == nil && property.values.isEmpty && property.merge.isEmpty {
            throw error(line(node), path, "property '\(name)' has no value, values or merge")
        }
        return property
    }

    /// Export names: strings, or one-key mappings (`column: variable`), whose both names become variables.
    private func exports(_ node: Node, path: String) throws(ManifestError) -> [String] {
        var names: [String] = []
        for (index, item) in try sequence(node, path: path).enumerated() {
            if case .mapping = item {
                for member in try mapping(item, path: path + "[\(index)]", what: "an export name") {
                    names.append(member.key)
                    names.append(try string(member.value, path: path + "[\(index)].\(member.key)"))
                }
            } else {
                names.append(try string(item, path: path + "[\(index)]"))
            }
        }
        return names
    }

    // MARK: - Values

    func value(_ node: Node, path: String) throws(ManifestError) -> ManifestValue {
        switch node {
        case .scalar(let scalar):
            if scalar.style == .plain {
                switch node.tag.description {
                case Tag.Name.null.rawValue: return .null
                case Tag.Name.bool.rawValue: return .bool(node.bool ?? false)
                case Tag.Name.int.rawValue, Tag.Name.float.rawValue: return .number(scalar.string)
                default: break
                }
            }
            return .string(scalar.string)
        case .sequence(let items):
            var values: [ManifestValue] = []
            for (index, item) in items.enumerated() { values.append(try value(item, path: path + "[\(index)]")) }
            return .list(values)
        case .mapping:
            var members: [ManifestMember] = []
            for member in try mapping(node, path: path, what: "a mapping") {
                members.append(
                    ManifestMember(key: member.key, value: try value(member.value, path: path + "." + member.key)))
            }
            return .mapping(members)
        case .alias:
            throw error(line(node), path, "YAML aliases are not supported; write the value out")
        }
    }

    // MARK: - Nodes

    /// The document's root node, or `nil` for an empty document; YAML errors become one sentence with the line.
    private func compose(_ yaml: String) throws(ManifestError) -> Node? {
        do throws(YAMLSyntax.Problem) {
            return try YAMLSyntax.compose(yaml)
        } catch {
            throw self.error(error.line, "", error.message)
        }
    }

    private func mapping(_ node: Node, path: String, what: String) throws(ManifestError) -> [YAMLMember] {
        guard case .mapping(let mapping) = node else {
            throw error(line(node), path, "expected \(what), not \(describe(node))")
        }
        var members: [YAMLMember] = []
        for (key, value) in mapping {
            guard case .scalar(let scalar) = key else {
                throw error(
                    line(key), path,
                    "a mapping key must be a plain name; a '{{ … }}' value must be quoted in YAML ('{{ name }}')")
            }
            members.append(YAMLMember(key: scalar.string, line: line(key), value: value))
        }
        return members
    }

    private func sequence(_ node: Node, path: String) throws(ManifestError) -> [Node] {
        guard case .sequence(let items) = node else {
            throw error(line(node), path, "expected a list, not \(describe(node))")
        }
        return Array(items)
    }

    private func string(_ node: Node, path: String) throws(ManifestError) -> String {
        guard case .scalar(let scalar) = node else {
            throw error(line(node), path, "expected a string, not \(describe(node))")
        }
        return scalar.string
    }

    private func strings(_ node: Node, path: String) throws(ManifestError) -> [String] {
        if isNull(node) { return [] }
        var values: [String] = []
        for (index, item) in try sequence(node, path: path).enumerated() {
            values.append(try string(item, path: path + "[\(index)]"))
        }
        return values
    }

    private func requiredString(
        _ members: [YAMLMember], _ key: String, in node: Node, path: String
    ) throws(ManifestError) -> String {
        guard let value = members.first(where: { $0.key == key })?.value else {
            throw error(line(node), path, "missing '\(key)'")
        }
        let text = try string(value, path: path + "." + key)
        guard !text.isEmpty else { throw error(line(value), path + "." + key, "must not be empty") }
        return text
    }

    private func checkKeys(_ members: [YAMLMember], allowed: [String], path: String) throws(ManifestError) {
        for member in members where !allowed.contains(member.key) {
            throw error(member.line ?? line(member.value), path, YAMLSyntax.unknownKey(member.key, allowed: allowed))
        }
    }

    /// Throws when the document, its aliases expanded, holds more than ``maximumExpandedValues`` values. The walk
    /// stops at the limit, so it takes no longer than reading a manifest of that size.
    private func checkExpandedSize(_ root: Node) throws(ManifestError) {
        if YAMLSyntax.expands(root, beyond: Self.maximumExpandedValues) {
            throw error(
                nil, "",
                "the manifest's aliases expand it to more than \(Self.maximumExpandedValues) values; write the "
                    + "repeated values out or use fewer aliases of aliases")
        }
    }

    private func isNull(_ node: Node) -> Bool { YAMLSyntax.isNull(node) }

    private func line(_ node: Node) -> Int? { node.mark?.line }

    private func describe(_ node: Node) -> String { YAMLSyntax.describe(node) }

    func error(_ line: Int?, _ path: String, _ message: String) -> ManifestError {
        ManifestError(kind: "manifest", file: file, line: line, message: path.isEmpty ? message : "\(path): \(message)")
    }
}

/// One key of a YAML mapping with the line it is on.
struct YAMLMember {
    var key: String
    var line: Int?
    var value: Node
}
