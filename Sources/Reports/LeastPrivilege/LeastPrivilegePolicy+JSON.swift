import JSON

extension LeastPrivilegePolicy {
    /// The policy document.
    public var json: JSONOutput {
        .object([
            ("Version", .string("2012-10-17")),
            ("Statement", .array(statements.map(\.json))),
        ])
    }

    /// The policy document as written to a file: two-space indentation and a trailing newline.
    public var document: String { json.rendered() + "\n" }
}

extension LeastPrivilegePolicy.Statement {
    var json: JSONOutput {
        var members: [(String, JSONOutput)] = [
            ("Sid", .string(sid)),
            ("Effect", .string("Allow")),
            ("Action", Self.oneOrMany(actions)),
            ("Resource", Self.oneOrMany(resources)),
        ]
        if !conditions.isEmpty {
            var blocks: [(String, JSONOutput)] = []
            for condition in conditions {
                let value =
                    condition.isSet || condition.values.count > 1
                    ? .strings(condition.values) : Self.oneOrMany(condition.values)
                if let index = blocks.firstIndex(where: { $0.0 == condition.conditionOperator }),
                    case .object(let keys) = blocks[index].1
                {
                    blocks[index].1 = .object(keys + [(condition.key, value)])
                } else {
                    blocks.append((condition.conditionOperator, .object([(condition.key, value)])))
                }
            }
            members.append(("Condition", .object(blocks)))
        }
        return .object(members)
    }

    private static func oneOrMany(_ values: [String]) -> JSONOutput {
        values.count == 1 ? .string(values[0]) : .strings(values)
    }
}
