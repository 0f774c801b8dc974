import JSON
import Testing

@testable import IAMPolicy

/// A condition row: operator, policy values (JSON), request value (JSON, `nil` = key absent), expected truth.
struct ConditionRow: CustomStringConvertible, Sendable {
    var conditionOperator: String
    var policyValues: String
    var requestValue: String?
    var expected: Bool
    var effect: Effect = .allow
    var key = "test:key"

    var description: String {
        "\(conditionOperator) \(policyValues) vs \(requestValue ?? "absent") → \(expected)"
    }
}

/// Parses one condition block out of a real policy, so the tests cover the parser's preparation of values too.
func clause(_ row: ConditionRow, version: String = "2012-10-17") throws -> (ConditionClause, PolicyDocument) {
    let json = """
        {"Version": "\(version)", "Statement": {"Effect": "\(row.effect.rawValue)", "Action": "*", "Resource": "*",
         "Condition": {"\(row.conditionOperator)": {"\(row.key)": \(row.policyValues)}}}}
        """
    let result = PolicyParser().parse(bytes: Array(json.utf8), source: PolicySource("test"))
    let document = try #require(result.document, "\(result.findings)")
    let statement = try #require(document.statements.first)
    return (try #require(statement.conditions.first), document)
}

func context(_ key: String, _ json: String?) throws -> RequestContext {
    var context = RequestContext()
    guard let json else { return context }
    let node = try JSONParser.parse(json)
    switch node.kind {
    case .array(let items): context[key] = ContextValue(set: items.map(scalarText))
    default: context[key] = ContextValue(scalarText(node))
    }
    return context
}

private func scalarText(_ node: JSONNode) -> String {
    switch node.kind {
    case .string(let text): return text
    case .number(let text): return text
    case .bool(let flag): return flag ? "true" : "false"
    default: return ""
    }
}

func truth(_ row: ConditionRow, mode: EvaluationMode = .strict) throws -> Truth {
    let (condition, document) = try clause(row)
    return condition.evaluate(
        context: try context(row.key, row.requestValue), mode: mode, effect: row.effect,
        variablesEnabled: document.version.supportsVariables
    ).truth
}

/// Every operator of `reference_policies_elements_condition_operators.md`, matching and not matching, with the
/// key absent, and for negated operators the NOR across values (`reference_policies_multi-value-conditions.md`).
@Suite("Condition operators")
struct ConditionOperatorTests {
    static let rows: [ConditionRow] = [
        // String (Conditions_String): StringEquals is literal and case-sensitive.
        .init(
            conditionOperator: "StringEquals", policyValues: #""team-a""#, requestValue: #""team-a""#, expected: true),
        .init(
            conditionOperator: "StringEquals", policyValues: #""team-a""#, requestValue: #""Team-A""#, expected: false),
        .init(
            conditionOperator: "StringEquals", policyValues: #""team-*""#, requestValue: #""team-a""#, expected: false),
        .init(conditionOperator: "StringEquals", policyValues: #"["a","b"]"#, requestValue: #""b""#, expected: true),
        .init(conditionOperator: "StringEquals", policyValues: #""a""#, requestValue: nil, expected: false),
        .init(conditionOperator: "StringNotEquals", policyValues: #""a""#, requestValue: #""b""#, expected: true),
        .init(
            conditionOperator: "StringNotEquals", policyValues: #"["a","b"]"#, requestValue: #""b""#, expected: false),
        .init(conditionOperator: "StringNotEquals", policyValues: #""a""#, requestValue: nil, expected: true),
        .init(
            conditionOperator: "StringEqualsIgnoreCase", policyValues: #""Team-A""#, requestValue: #""team-a""#,
            expected: true),
        .init(
            conditionOperator: "StringEqualsIgnoreCase", policyValues: #""Team-A""#, requestValue: #""team-b""#,
            expected: false),
        .init(
            conditionOperator: "StringNotEqualsIgnoreCase", policyValues: #""Team-A""#, requestValue: #""team-a""#,
            expected: false),
        .init(conditionOperator: "StringNotEqualsIgnoreCase", policyValues: #""a""#, requestValue: nil, expected: true),
        .init(conditionOperator: "StringLike", policyValues: #""team-*""#, requestValue: #""team-a""#, expected: true),
        .init(
            conditionOperator: "StringLike", policyValues: #""team-?""#, requestValue: #""team-ab""#, expected: false),
        .init(conditionOperator: "StringLike", policyValues: #""Team-*""#, requestValue: #""team-a""#, expected: false),
        .init(conditionOperator: "StringLike", policyValues: #""*""#, requestValue: nil, expected: false),
        .init(
            conditionOperator: "StringNotLike", policyValues: #"["dev-*","test-*"]"#, requestValue: #""prod-1""#,
            expected: true),
        .init(
            conditionOperator: "StringNotLike", policyValues: #"["dev-*","test-*"]"#, requestValue: #""test-1""#,
            expected: false),
        .init(conditionOperator: "StringNotLike", policyValues: #""dev-*""#, requestValue: nil, expected: true),
        // Numeric (Conditions_Numeric).
        .init(conditionOperator: "NumericEquals", policyValues: #""10""#, requestValue: #""10""#, expected: true),
        .init(conditionOperator: "NumericEquals", policyValues: "10", requestValue: #""10.0""#, expected: true),
        .init(conditionOperator: "NumericEquals", policyValues: #""10""#, requestValue: #""11""#, expected: false),
        .init(conditionOperator: "NumericEquals", policyValues: #""10""#, requestValue: #""ten""#, expected: false),
        .init(conditionOperator: "NumericNotEquals", policyValues: #""10""#, requestValue: #""11""#, expected: true),
        .init(conditionOperator: "NumericNotEquals", policyValues: #""10""#, requestValue: nil, expected: true),
        .init(conditionOperator: "NumericLessThan", policyValues: #""10""#, requestValue: #""9""#, expected: true),
        .init(conditionOperator: "NumericLessThan", policyValues: #""10""#, requestValue: #""10""#, expected: false),
        .init(
            conditionOperator: "NumericLessThanEquals", policyValues: #""10""#, requestValue: #""10""#, expected: true),
        .init(
            conditionOperator: "NumericLessThanEquals", policyValues: #""10""#, requestValue: #""11""#, expected: false),
        .init(conditionOperator: "NumericGreaterThan", policyValues: #""10""#, requestValue: #""11""#, expected: true),
        .init(conditionOperator: "NumericGreaterThan", policyValues: #""10""#, requestValue: #""10""#, expected: false),
        .init(
            conditionOperator: "NumericGreaterThanEquals", policyValues: #""10""#, requestValue: #""10""#,
            expected: true),
        .init(
            conditionOperator: "NumericGreaterThanEquals", policyValues: #""10""#, requestValue: #""9.5""#,
            expected: false),
        .init(conditionOperator: "NumericLessThan", policyValues: #""10""#, requestValue: nil, expected: false),
        // Date (Conditions_Date): ISO 8601 and epoch compare as instants.
        .init(
            conditionOperator: "DateEquals", policyValues: #""2026-01-01T00:00:00Z""#, requestValue: #""1767225600""#,
            expected: true),
        .init(
            conditionOperator: "DateNotEquals", policyValues: #""2026-01-01T00:00:00Z""#,
            requestValue: #""2026-01-02T00:00:00Z""#, expected: true),
        .init(conditionOperator: "DateNotEquals", policyValues: #""2026-01-01""#, requestValue: nil, expected: true),
        .init(
            conditionOperator: "DateLessThan", policyValues: #""2026-01-01T00:00:00Z""#,
            requestValue: #""2025-12-31T23:59:59Z""#, expected: true),
        .init(
            conditionOperator: "DateLessThan", policyValues: #""2026-01-01T00:00:00Z""#,
            requestValue: #""2026-01-01T00:00:00Z""#, expected: false),
        .init(
            conditionOperator: "DateLessThanEquals", policyValues: #""2026-01-01T00:00:00Z""#,
            requestValue: #""2026-01-01T00:00:00Z""#, expected: true),
        .init(
            conditionOperator: "DateGreaterThan", policyValues: #""2026-01-01T00:00:00Z""#,
            requestValue: #""2026-06-01T00:00:00Z""#, expected: true),
        .init(
            conditionOperator: "DateGreaterThan", policyValues: #""2026-01-01T00:00:00Z""#,
            requestValue: #""2025-06-01T00:00:00Z""#, expected: false),
        .init(
            conditionOperator: "DateGreaterThanEquals", policyValues: #""1767225600""#,
            requestValue: #""2026-01-01T00:00:00Z""#, expected: true),
        .init(conditionOperator: "DateGreaterThan", policyValues: #""2026-01-01""#, requestValue: nil, expected: false),
        // Bool (Conditions_Boolean).
        .init(conditionOperator: "Bool", policyValues: #""true""#, requestValue: "true", expected: true),
        .init(conditionOperator: "Bool", policyValues: "true", requestValue: #""TRUE""#, expected: true),
        .init(conditionOperator: "Bool", policyValues: #""true""#, requestValue: #""false""#, expected: false),
        .init(conditionOperator: "Bool", policyValues: #""false""#, requestValue: nil, expected: false),
        .init(conditionOperator: "BoolIfExists", policyValues: #""false""#, requestValue: nil, expected: true),
        // Binary (Conditions_BinaryEquals).
        .init(
            conditionOperator: "BinaryEquals", policyValues: #""QmluYXJ5VmFsdWU=""#,
            requestValue: #""QmluYXJ5VmFsdWU=""#, expected: true),
        .init(
            conditionOperator: "BinaryEquals", policyValues: #""QmluYXJ5VmFsdWU=""#, requestValue: #""T3RoZXI=""#,
            expected: false),
        .init(
            conditionOperator: "BinaryEquals", policyValues: #""QmluYXJ5VmFsdWU=""#, requestValue: nil, expected: false),
        // IP address (Conditions_IPAddress).
        .init(
            conditionOperator: "IpAddress", policyValues: #""203.0.113.0/24""#, requestValue: #""203.0.113.7""#,
            expected: true),
        .init(
            conditionOperator: "IpAddress", policyValues: #"["198.51.100.0/24","2001:db8::/32"]"#,
            requestValue: #""2001:db8::5""#, expected: true),
        .init(
            conditionOperator: "IpAddress", policyValues: #""203.0.113.0/24""#, requestValue: #""192.0.2.1""#,
            expected: false),
        .init(conditionOperator: "IpAddress", policyValues: #""203.0.113.0/24""#, requestValue: nil, expected: false),
        .init(
            conditionOperator: "NotIpAddress", policyValues: #""203.0.113.0/24""#, requestValue: #""192.0.2.1""#,
            expected: true),
        .init(
            conditionOperator: "NotIpAddress", policyValues: #"["203.0.113.0/24","192.0.2.0/24"]"#,
            requestValue: #""192.0.2.1""#, expected: false),
        .init(conditionOperator: "NotIpAddress", policyValues: #""203.0.113.0/24""#, requestValue: nil, expected: true),
        // ARN (Conditions_ARN): ArnEquals and ArnLike are identical; case-sensitive; per part.
        .init(
            conditionOperator: "ArnLike", policyValues: #""arn:aws:iam::*:role/ci-*""#,
            requestValue: #""arn:aws:iam::111122223333:role/ci-deploy""#, expected: true),
        .init(
            conditionOperator: "ArnEquals", policyValues: #""arn:aws:iam::*:role/ci-*""#,
            requestValue: #""arn:aws:iam::111122223333:role/ci-deploy""#, expected: true),
        .init(
            conditionOperator: "ArnLike", policyValues: #""arn:aws:iam::*:role/CI-*""#,
            requestValue: #""arn:aws:iam::111122223333:role/ci-deploy""#, expected: false),
        .init(
            conditionOperator: "ArnLike", policyValues: #""arn:aws:iam::*:role/ci-*""#, requestValue: nil,
            expected: false),
        .init(
            conditionOperator: "ArnNotLike", policyValues: #""arn:aws:iam::*:role/ci-*""#,
            requestValue: #""arn:aws:iam::111122223333:role/admin""#, expected: true),
        .init(
            conditionOperator: "ArnNotEquals", policyValues: #""arn:aws:iam::*:role/ci-*""#,
            requestValue: #""arn:aws:iam::111122223333:role/ci-x""#, expected: false),
        .init(
            conditionOperator: "ArnNotLike", policyValues: #""arn:aws:iam::*:role/ci-*""#, requestValue: nil,
            expected: true),
        // Null (Conditions_Null): true means the key is absent.
        .init(conditionOperator: "Null", policyValues: #""true""#, requestValue: nil, expected: true),
        .init(conditionOperator: "Null", policyValues: #""true""#, requestValue: #""x""#, expected: false),
        .init(conditionOperator: "Null", policyValues: #""false""#, requestValue: #""x""#, expected: true),
        .init(conditionOperator: "Null", policyValues: #""false""#, requestValue: nil, expected: false),
        // IfExists (Conditions_IfExists): absent is true; present is evaluated.
        .init(conditionOperator: "StringEqualsIfExists", policyValues: #""a""#, requestValue: nil, expected: true),
        .init(conditionOperator: "StringEqualsIfExists", policyValues: #""a""#, requestValue: #""b""#, expected: false),
        .init(
            conditionOperator: "NumericLessThanIfExists", policyValues: #""5""#, requestValue: #""4""#, expected: true),
        .init(
            conditionOperator: "IpAddressIfExists", policyValues: #""203.0.113.0/24""#, requestValue: #""192.0.2.1""#,
            expected: false),
        .init(
            conditionOperator: "StringNotEqualsIfExists", policyValues: #""a""#, requestValue: #""a""#, expected: false),
        // Set operators (reference_policies_multi-value-conditions.md).
        .init(
            conditionOperator: "ForAllValues:StringEquals", policyValues: #"["team","env"]"#,
            requestValue: #"["team"]"#, expected: true),
        .init(
            conditionOperator: "ForAllValues:StringEquals", policyValues: #"["team","env"]"#,
            requestValue: #"["team","cost"]"#, expected: false),
        .init(
            conditionOperator: "ForAllValues:StringEquals", policyValues: #"["team"]"#, requestValue: "[]",
            expected: true),
        .init(
            conditionOperator: "ForAllValues:StringEquals", policyValues: #"["team"]"#, requestValue: nil,
            expected: true),
        .init(
            conditionOperator: "ForAnyValue:StringEquals", policyValues: #"["team","env"]"#,
            requestValue: #"["cost","env"]"#, expected: true),
        .init(
            conditionOperator: "ForAnyValue:StringEquals", policyValues: #"["team"]"#, requestValue: #"["cost"]"#,
            expected: false),
        .init(
            conditionOperator: "ForAnyValue:StringEquals", policyValues: #"["team"]"#, requestValue: "[]",
            expected: false),
        .init(
            conditionOperator: "ForAnyValue:StringEquals", policyValues: #"["team"]"#, requestValue: nil,
            expected: false),
        .init(
            conditionOperator: "ForAllValues:StringNotEquals", policyValues: #"["secret"]"#,
            requestValue: #"["team","env"]"#, expected: true),
        .init(
            conditionOperator: "ForAllValues:StringNotEquals", policyValues: #"["secret"]"#,
            requestValue: #"["team","secret"]"#, expected: false),
        .init(
            conditionOperator: "ForAnyValue:StringNotEquals", policyValues: #"["secret"]"#,
            requestValue: #"["secret","env"]"#, expected: true),
        .init(
            conditionOperator: "ForAnyValue:StringNotEquals", policyValues: #"["secret"]"#,
            requestValue: #"["secret"]"#, expected: false),
        .init(
            conditionOperator: "ForAnyValue:StringLike", policyValues: #"["team-*"]"#, requestValue: #"["x","team-a"]"#,
            expected: true),
        .init(
            conditionOperator: "ForAllValues:StringEquals", policyValues: #"["team"]"#, requestValue: #""team""#,
            expected: true),
        // A single-valued operator on a multivalued value: restrictive reading (docs/evaluation.md §2).
        .init(
            conditionOperator: "StringEquals", policyValues: #"["a","b"]"#, requestValue: #"["a","b"]"#, expected: false
        ),
        .init(
            conditionOperator: "StringEquals", policyValues: #"["a","b"]"#, requestValue: #"["a","b"]"#, expected: true,
            effect: .deny),
        .init(conditionOperator: "StringEquals", policyValues: #""a""#, requestValue: #"["a"]"#, expected: true),
    ]

    @Test("operator truth table", arguments: rows)
    func operatorTruth(row: ConditionRow) throws {
        #expect(try truth(row) == (row.expected ? .yes : .no))
    }

    /// `reference_policies_elements_condition.md`: condition key names are case-insensitive.
    @Test("Key names are case-insensitive")
    func keyCase() throws {
        let row = ConditionRow(
            conditionOperator: "StringEquals", policyValues: #""a""#, requestValue: nil, expected: true,
            key: "AWS:RequestTag/Team")
        let (condition, document) = try clause(row)
        var context = RequestContext()
        context["aws:requesttag/team"] = ContextValue("a")
        let outcome = condition.evaluate(context: context, mode: .strict, effect: .allow, variablesEnabled: true)
        #expect(outcome.truth == .yes)
        #expect(document.version == .version2012)
    }

    /// docs/evaluation.md §5: in discovery mode an absent key is unknown, whatever the operator.
    @Test(
        "Discovery mode leaves absent keys unknown",
        arguments: ["StringEquals", "StringNotEquals", "StringEqualsIfExists", "ForAllValues:StringEquals", "Null"])
    func discovery(conditionOperator: String) throws {
        let row = ConditionRow(
            conditionOperator: conditionOperator, policyValues: #""true""#, requestValue: nil, expected: true)
        #expect(try truth(row, mode: .discovery) == .unknown)
    }

    /// `reference_policies_variables.md`: variables in condition values, defaults, and a missing key failing the
    /// condition; only under Version 2012-10-17.
    @Test("Variables in condition values")
    func variables() throws {
        let row = ConditionRow(
            conditionOperator: "StringEquals", policyValues: #""${aws:username}""#, requestValue: #""ana""#,
            expected: true)
        let (condition, document) = try clause(row)
        var context = RequestContext()
        context["test:key"] = ContextValue("ana")
        context["aws:username"] = ContextValue("ana")
        #expect(
            condition.evaluate(context: context, mode: .strict, effect: .allow, variablesEnabled: true).truth == .yes)
        context["aws:username"] = ContextValue("bob")
        #expect(
            condition.evaluate(context: context, mode: .strict, effect: .allow, variablesEnabled: true).truth == .no)
        context["aws:username"] = nil
        let missing = condition.evaluate(context: context, mode: .strict, effect: .allow, variablesEnabled: true)
        #expect(missing.truth == .no)
        #expect(missing.missingVariables == ["aws:username"])

        // #policy-vars-no-value: a variable with no value is null, so a negated operator matches against it.
        let negated = try clause(
            ConditionRow(
                conditionOperator: "StringNotEquals", policyValues: #""${aws:username}""#, requestValue: nil,
                expected: true))
        #expect(
            negated.0.evaluate(context: context, mode: .strict, effect: .deny, variablesEnabled: true).truth == .yes)
        #expect(
            negated.0.evaluate(context: context, mode: .discovery, effect: .deny, variablesEnabled: true).truth
                == .unknown)
        #expect(document.version.supportsVariables)

        let old = try clause(row, version: "2008-10-17")
        var literal = RequestContext()
        literal["test:key"] = ContextValue("${aws:username}")
        #expect(
            old.0.evaluate(context: literal, mode: .strict, effect: .allow, variablesEnabled: false).truth == .yes)
    }
}
