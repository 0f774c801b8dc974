import Catalog
import IAMPolicy
import StackQL

/// Building the policy (a report model of `Reports`) from the requests of operations or SQL statements.
extension LeastPrivilegePolicy {
    /// Builds the policy from the requests: notNeeded ones are left out; the others are grouped by identical
    /// resources and conditions into statements.
    public init(resource: String, requests: [CoveredRequest]) {
        var included: [CoveredRequest] = []
        var skipped: [CoveredRequest] = []
        for covered in requests {
            if case .notNeeded = covered.request.necessity {
                skipped.append(covered)
            } else {
                included.append(covered)
            }
        }
        self.init(resource: resource, statements: Self.statements(for: included), skipped: skipped)
    }

    // MARK: - The use case

    /// Loads the catalog, turns the operations or the SQL statements into their requests, and builds the policy.
    public static func generate(_ options: LeastPrivilegeOptions) throws(InputError) -> LeastPrivilegePolicy {
        if options.operations.isEmpty && options.sql == nil && options.sqlFile == nil {
            throw InputError("give --operation or --sql")
        }
        if options.sql != nil && options.sqlFile != nil { throw InputError("give --sql or --sql-file, not both") }
        var inputs = OperationInputs(
            partition: "aws", region: options.region.map(PartialValue.known) ?? .unknown("region"),
            account: options.account.map(PartialValue.known) ?? .unknown("account"))
        // No principal: the partition is a default, so values are not held to it.
        inputs.partitionIsKnown = false
        let plan = try OperationPlan.make(
            OperationPlan.Selection(
                resource: options.resource, operations: options.operations, sql: options.sql,
                sqlFile: options.sqlFile, variables: options.variables, catalogDirectory: options.catalogDirectory,
                command: "policy"),
            inputs: inputs)
        let covered = plan.operations.flatMap { planned in
            planned.requests.map {
                CoveredRequest(operation: planned.method.name, statement: planned.origin, request: $0)
            }
        }
        return LeastPrivilegePolicy(resource: plan.resource.id, requests: covered)
    }

    // MARK: - Building statements

    /// One action on one resource under some conditions, and the requests behind it.
    private struct Grant {
        var action: String
        var resource: String
        var conditions: [Condition]
        var covers: [CoveredRequest]

        /// Whether this grant allows everything `other` allows: the same action, a resource pattern that includes
        /// `other`'s, and a subset of its conditions (conditions only narrow).
        func subsumes(_ other: Grant) -> Bool {
            action.lowercased() == other.action.lowercased()
                && LeastPrivilegePolicy.pattern(resource, includes: other.resource)
                && conditions.allSatisfy { other.conditions.contains($0) }
        }
    }

    private static func statements(for requests: [CoveredRequest]) -> [Statement] {
        // One grant per (action, resource, conditions).
        var grants: [Grant] = []
        for covered in requests {
            let grant = Grant(
                action: covered.request.action, resource: resourcePattern(covered.request.resource),
                conditions: conditions(for: covered.request), covers: [covered])
            if let index = grants.firstIndex(where: { $0.subsumes(grant) && grant.subsumes($0) }) {
                grants[index].covers.append(covered)
            } else {
                grants.append(grant)
            }
        }
        // Drop grants a broader one already gives, handing their requests to it.
        var kept: [Grant] = []
        for grant in grants {
            if let index = kept.firstIndex(where: { $0.subsumes(grant) }) {
                kept[index].covers += grant.covers
                continue
            }
            var merged = grant
            kept.removeAll { narrower in
                guard grant.subsumes(narrower) else { return false }
                merged.covers += narrower.covers
                return true
            }
            kept.append(merged)
        }
        // Each action's resources under the same conditions, then actions with identical resources and conditions.
        struct Key: Hashable {
            var action: String
            var conditions: [Condition]
        }
        var resourcesByAction: [Key: (action: String, resources: Set<String>, covers: [CoveredRequest])] = [:]
        var order: [Key] = []
        for grant in kept {
            let key = Key(action: grant.action.lowercased(), conditions: grant.conditions)
            if resourcesByAction[key] == nil {
                resourcesByAction[key] = (grant.action, [], [])
                order.append(key)
            }
            resourcesByAction[key]?.resources.insert(grant.resource)
            resourcesByAction[key]?.covers += grant.covers
        }
        var statements: [Statement] = []
        for key in order {
            guard let entry = resourcesByAction[key] else { continue }
            let resources = entry.resources.contains("*") ? ["*"] : entry.resources.sorted()
            if let index = statements.firstIndex(where: {
                $0.resources == resources && $0.conditions == key.conditions
            }) {
                if !statements[index].actions.contains(where: { $0.lowercased() == key.action }) {
                    statements[index].actions.append(entry.action)
                }
                statements[index].covers += entry.covers
            } else {
                statements.append(
                    Statement(
                        sid: "", actions: [entry.action], resources: resources, conditions: key.conditions,
                        covers: entry.covers))
            }
        }
        var position: [CoveredRequest: Int] = [:]
        for (index, covered) in requests.enumerated() where position[covered] == nil { position[covered] = index }
        for index in statements.indices {
            statements[index].covers.sort { position[$0] ?? 0 < position[$1] ?? 0 }
            statements[index].actions.sort { ($0.lowercased(), $0) < ($1.lowercased(), $1) }
        }
        statements.sort { sortKey($0) < sortKey($1) }
        var used: Set<String> = []
        for index in statements.indices {
            let base = sid(for: statements[index])
            var name = base
            var suffix = 2
            while used.contains(name) {
                name = "\(base)\(suffix)"
                suffix += 1
            }
            used.insert(name)
            statements[index].sid = name
        }
        return statements
    }

    /// Whether the policy resource `pattern` matches every resource `other` matches. Sound for the patterns built
    /// here, whose only wildcard is `*`: `other`'s stars are read as unknown parts, and a sentinel in place of each
    /// can only be absorbed by a star of `pattern`.
    static func pattern(_ pattern: String, includes other: String) -> Bool {
        if pattern == "*" || pattern == other { return true }
        guard pattern.contains("*"), !pattern.contains("?"), !other.contains("?") else { return false }
        var parts: [PartialValue.Part] = []
        for (index, piece) in other.split(separator: "*", omittingEmptySubsequences: false).enumerated() {
            if index > 0 { parts.append(.unknown("any")) }
            if !piece.isEmpty { parts.append(.literal(String(piece))) }
        }
        return PartialValue(parts: parts).isIncluded(in: ARNPattern(pattern))
    }

    /// `*`-resource statements first, then by resources; unconditioned before conditioned; then by conditions and
    /// actions.
    private static func sortKey(_ statement: Statement) -> String {
        let conditions = statement.conditions.map { "\($0.conditionOperator) \($0.key) \($0.values)" }
        let fields = [
            statement.resources == ["*"] ? "0" : "1", statement.resources.joined(separator: " "),
            String(statement.conditions.count), conditions.joined(separator: " "),
            statement.actions.joined(separator: " "),
        ]
        return fields.joined(separator: "\u{1}")
    }

    /// The template as a policy resource: every unknown part (a placeholder) becomes `*`.
    static func resourcePattern(_ template: PartialValue) -> String {
        var text = ""
        var afterPlaceholder = false
        for part in template.parts {
            switch part {
            case .literal(let literal):
                text += literal
                afterPlaceholder = false
            case .unknown:
                if !afterPlaceholder { text += "*" }
                afterPlaceholder = true
            }
        }
        return text.isEmpty ? "*" : text
    }

    /// The conditions that narrow a request to what it carries: the service a role is passed to, the service a
    /// service-linked role is for, and the request tags and tag keys when the statement's tags are known.
    static func conditions(for request: RequiredRequest) -> [Condition] {
        var conditions: [Condition] = []
        for (key, value) in request.context where !value.values.isEmpty {
            let lower = key.lowercased()
            if lower == "iam:passedtoservice" || lower == "iam:awsservicename" || lower.hasPrefix("aws:requesttag/") {
                conditions.append(
                    Condition(
                        conditionOperator: "StringEquals", key: key, values: value.values.sorted(), isSet: value.isSet))
            } else if lower == "aws:tagkeys" {
                conditions.append(
                    Condition(
                        conditionOperator: "ForAllValues:StringEquals", key: key,
                        values: Array(Set(value.values)).sorted(), isSet: true))
            }
        }
        return conditions.sorted { ($0.conditionOperator, $0.key) < ($1.conditionOperator, $1.key) }
    }
}
