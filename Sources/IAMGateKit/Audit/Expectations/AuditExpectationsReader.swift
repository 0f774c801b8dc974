import Diagnostics
import Foundation
import Manifest
import Reports
import Yams

/// Reads an expectations file (`iamgate audit --expectations FILE`, YAML) into `AuditExpectation`s, checking every
/// key, value and operation against the audit's columns before any principal is checked. Every error is one sentence
/// naming the file, the line and the key path (`expectations[1].only`).
///
/// ```yaml
/// version: 1
/// expectations:
///   - name: only deployers delete images
///     operations: [delete_resource]
///     only: ["role/deploy-*"]
///     owner: platform-security@example.com
///     reason: deleting an image breaks the pipelines that use it
///     expires: 2027-06-30
/// ```
struct AuditExpectationsReader {
    /// The file, as messages name it and the results locate their expectations.
    let file: String
    /// The audit's columns (`get_resource`, or `create_resource @ deploy.iql:3` for a statement).
    let columns: [String]

    static let topLevelKeys = ["version", "expectations"]
    static let expectationKeys = ["name", "operations", "only", "must", "owner", "reason", "expires"]
    /// The most YAML values a file may hold once its aliases are expanded (real files hold dozens).
    static let maximumExpandedValues = 100_000

    /// The expectations of the file at `path`.
    static func load(_ path: String, columns: [String]) throws(InputError) -> [AuditExpectation] {
        let bytes = try FileInput.read(path, what: "expectations file")
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw InputError(AuditExpectationsError(file: path, line: nil, key: "", message: "the file is not UTF-8"))
        }
        return try AuditExpectationsReader(file: path, columns: columns).expectations(yaml: text)
    }

    func expectations(yaml: String) throws(InputError) -> [AuditExpectation] {
        do {
            return try read(yaml)
        } catch {
            throw InputError(error)
        }
    }

    private func read(_ yaml: String) throws(AuditExpectationsError) -> [AuditExpectation] {
        guard let root = try compose(yaml) else {
            throw self.error(nil, "", "the file is empty (expected 'version: 1' and 'expectations')")
        }
        try checkExpandedSize(root)
        let members = try mapping(root, path: "", what: "a mapping with 'version' and 'expectations'")
        try checkKeys(members, allowed: Self.topLevelKeys, path: "")
        guard let version = members.first(where: { $0.key == "version" }) else {
            throw self.error(line(root), "", "missing 'version' (write 'version: 1')")
        }
        guard case .scalar(let scalar) = version.value, scalar.string == "1" else {
            throw self.error(
                line(version.value), "version", "unsupported version \(describe(version.value)) (expected 1)")
        }
        guard let list = members.first(where: { $0.key == "expectations" }) else {
            throw self.error(line(root), "", "missing 'expectations' (a list of expectations)")
        }
        let items = try sequence(list.value, path: "expectations")
        if items.isEmpty {
            throw self.error(line(list.value), "expectations", "the list is empty; give at least one expectation")
        }
        var expectations: [AuditExpectation] = []
        for (index, item) in items.enumerated() {
            let path = "expectations[\(index)]"
            let expectation = try self.expectation(item, path: path)
            if let earlier = expectations.first(where: { $0.name == expectation.name }) {
                throw self.error(
                    expectation.line, path + ".name",
                    "duplicate name '\(expectation.name)' (first at line \(earlier.line)); each expectation needs its "
                        + "own name")
            }
            expectations.append(expectation)
        }
        return expectations
    }

    // MARK: - One expectation

    private func expectation(_ node: Node, path: String) throws(AuditExpectationsError) -> AuditExpectation {
        let members = try mapping(node, path: path, what: "an expectation (name, only or must, owner, reason)")
        try checkKeys(members, allowed: Self.expectationKeys, path: path)
        let entryLine = line(node) ?? 0
        let name = try requiredString(members, "name", in: node, path: path)
        func member(_ key: String) -> YAMLMember? { members.first { $0.key == key } }

        let only = member("only")
        let must = member("must")
        let rule: AuditExpectation.Rule
        switch (only, must) {
        case (let only?, nil):
            rule = .only(try patterns(only, path: path + ".only", mayBeEmpty: true))
        case (nil, let must?):
            rule = .must(try patterns(must, path: path + ".must", mayBeEmpty: false))
        case (_?, let must?):
            throw error(
                must.line, path,
                "expectation '\(name)' gives both 'only' and 'must'; give one (split it into two expectations)")
        case (nil, nil):
            throw error(
                entryLine, path,
                "expectation '\(name)' has neither 'only' (who alone may) nor 'must' (who must be allowed)")
        }

        var columns = self.columns
        if let operations = member("operations") {
            columns = try self.operations(operations, path: path + ".operations")
        }
        let owner = try requiredString(members, "owner", in: node, path: path)
        let reason = try requiredString(members, "reason", in: node, path: path)
        var expires: CalendarDate?
        if let value = member("expires") {
            let text = try string(value.value, path: path + ".expires")
            guard let date = CalendarDate(text) else {
                throw error(
                    line(value.value), path + ".expires",
                    "'\(text)' is not a date (expected YYYY-MM-DD, e.g. 2027-06-30)")
            }
            expires = date
        }
        return AuditExpectation(
            name: name, rule: rule, columns: columns, owner: owner, reason: reason, expires: expires, source: file,
            line: entryLine)
    }

    /// The principal patterns of `only` or `must`: a list of non-empty strings.
    private func patterns(
        _ member: YAMLMember, path: String, mayBeEmpty: Bool
    ) throws(AuditExpectationsError) -> [String] {
        if isNull(member.value) {
            throw error(
                member.line, path,
                "expected a list of principal patterns" + (mayBeEmpty ? " ([] for nobody)" : "") + ", not nothing")
        }
        let patterns = try strings(member.value, path: path)
        if patterns.isEmpty && !mayBeEmpty {
            throw error(line(member.value), path, "the list is empty; name at least one principal pattern")
        }
        return patterns
    }

    /// The columns `operations` names: a column itself, or a catalog method name standing for every column of that
    /// method (each statement of `--sql` is a column of its own).
    private func operations(_ member: YAMLMember, path: String) throws(AuditExpectationsError) -> [String] {
        let names = try strings(member.value, path: path)
        if names.isEmpty {
            throw error(
                line(member.value), path, "the list is empty; leave 'operations' out to mean every operation")
        }
        var selected = Set<Int>()
        let methods = columns.map { column in
            column.split(separator: " @ ", maxSplits: 1).first.map(String.init) ?? column
        }
        guard case .sequence(let items) = member.value else { return [] }
        for (index, name) in names.enumerated() {
            let hits = columns.indices.filter { columns[$0] == name || methods[$0] == name }
            if hits.isEmpty {
                var candidates: [String] = []
                for candidate in methods + columns where !candidates.contains(candidate) {
                    candidates.append(candidate)
                }
                var message = "'\(name)' is not an operation of this audit"
                if let close = Suggestion.closest(to: name, among: candidates, maxDistance: 3) {
                    message += " (did you mean '\(close)'?)"
                } else {
                    message += " (its operations: \(candidates.joined(separator: ", ")))"
                }
                throw error(line(items[index]) ?? member.line, path + "[\(index)]", message)
            }
            selected.formUnion(hits)
        }
        return columns.indices.filter(selected.contains).map { columns[$0] }
    }

    // MARK: - Nodes

    /// The document's root node, or `nil` for an empty document; YAML errors become one sentence with the line.
    private func compose(_ yaml: String) throws(AuditExpectationsError) -> Node? {
        do throws(YAMLSyntax.Problem) {
            return try YAMLSyntax.compose(yaml)
        } catch {
            throw self.error(error.line, "", error.message)
        }
    }

    private func mapping(_ node: Node, path: String, what: String) throws(AuditExpectationsError) -> [YAMLMember] {
        guard case .mapping(let mapping) = node else {
            throw error(line(node), path, "expected \(what), not \(describe(node))")
        }
        var members: [YAMLMember] = []
        for (key, value) in mapping {
            guard case .scalar(let scalar) = key else {
                throw error(line(key), path, "a key must be a plain name, not \(describe(key))")
            }
            members.append(YAMLMember(key: scalar.string, line: line(key), value: value))
        }
        return members
    }

    private func sequence(_ node: Node, path: String) throws(AuditExpectationsError) -> [Node] {
        guard case .sequence(let items) = node else {
            throw error(line(node), path, "expected a list, not \(describe(node))")
        }
        return Array(items)
    }

    private func string(_ node: Node, path: String) throws(AuditExpectationsError) -> String {
        guard case .scalar(let scalar) = node, !isNull(node) else {
            throw error(line(node), path, "expected a string, not \(describe(node))")
        }
        return scalar.string
    }

    /// A list of non-empty strings.
    private func strings(_ node: Node, path: String) throws(AuditExpectationsError) -> [String] {
        var values: [String] = []
        for (index, item) in try sequence(node, path: path).enumerated() {
            let text = try string(item, path: path + "[\(index)]")
            if text.isEmpty { throw error(line(item), path + "[\(index)]", "must not be empty") }
            values.append(text)
        }
        return values
    }

    private func requiredString(
        _ members: [YAMLMember], _ key: String, in node: Node, path: String
    ) throws(AuditExpectationsError) -> String {
        guard let value = members.first(where: { $0.key == key })?.value else {
            throw error(line(node), path, "missing '\(key)'" + (Self.hints[key].map { " (\($0))" } ?? ""))
        }
        let text = try string(value, path: path + "." + key)
        guard !text.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw error(line(value), path + "." + key, "must not be empty")
        }
        return text
    }

    /// What a missing required key is for.
    static let hints = [
        "name": "a name for the expectation, unique in the file",
        "owner": "who answers for the expectation, e.g. a team's address",
        "reason": "why the expectation must hold",
    ]

    private func checkKeys(_ members: [YAMLMember], allowed: [String], path: String) throws(AuditExpectationsError) {
        for member in members where !allowed.contains(member.key) {
            throw error(member.line ?? line(member.value), path, YAMLSyntax.unknownKey(member.key, allowed: allowed))
        }
    }

    /// Throws when the document, its aliases expanded, holds more than ``maximumExpandedValues`` values.
    private func checkExpandedSize(_ root: Node) throws(AuditExpectationsError) {
        if YAMLSyntax.expands(root, beyond: Self.maximumExpandedValues) {
            throw error(
                nil, "",
                "the file's aliases expand it to more than \(Self.maximumExpandedValues) values; write the "
                    + "values out")
        }
    }

    private func isNull(_ node: Node) -> Bool { YAMLSyntax.isNull(node) }

    private func line(_ node: Node) -> Int? { node.mark?.line }

    private func describe(_ node: Node) -> String {
        isNull(node) ? "nothing" : YAMLSyntax.describe(node)
    }

    private func error(_ line: Int?, _ path: String, _ message: String) -> AuditExpectationsError {
        AuditExpectationsError(file: file, line: line, key: path, message: message)
    }

    /// One key of a YAML mapping with the line it is on.
    private struct YAMLMember {
        var key: String
        var line: Int?
        var value: Node
    }
}
