import IAMPolicy
import JSON

/// `iamgate audit --format json`: the audit-report contract (README, `fixtures/schemas/audit-report.schema.json`).
/// The members come first, then one principal per line, so a report of thousands of principals is written as it is
/// rendered and can be read line by line.
public enum AuditReportJSON {
    /// The contract's version, the report's first member (`schemaVersion`): `audit diff` and `audit merge` read only
    /// reports of this version. Raised when a member changes meaning or becomes required.
    public static let schemaVersion = 1

    /// The whole report as one string.
    public static func render(_ report: AuditReport) -> String {
        var text = ""
        write(report) { text += $0 }
        return text
    }

    /// Writes the report in pieces (each principal on its own line) to `output`.
    public static func write(_ report: AuditReport, to output: (String) -> Void) {
        output("{\n")
        let head: [(String, JSONOutput)] = [
            ("schemaVersion", .int(schemaVersion)),
            ("resource", .string(report.resource)),
            ("source", .string(report.source.rawValue)),
            ("mode", .string(report.mode.rawValue)),
            ("inputs", .strings(report.inputs)),
            ("accountInputs", .int(report.accountInputs)),
            ("operations", .strings(report.columns)),
            ("accounts", .strings(report.accounts)),
        ]
        for (key, value) in head {
            output("  \(JSONOutput.string(key).rendered(pretty: false)): \(value.rendered(pretty: false)),\n")
        }
        output("  \"principals\": [")
        for (index, principal) in report.principals.enumerated() {
            output(index == 0 ? "\n    " : ",\n    ")
            output(principalJSON(principal).rendered(pretty: false))
        }
        output(report.principals.isEmpty ? "],\n" : "\n  ],\n")
        var tail: [(String, JSONOutput)] = [
            ("errors", .array(report.errors.map(\.json))),
            ("escalations", AuditEscalationJSON.array(report)),
            ("expectations", .array(report.expectations.map(\.json))),
            ("totals", .array(report.totals.map(\.json))),
            ("notes", .strings(report.notes.map(ReportSentences.note))),
        ]
        if let organization = report.organization { tail.append(("organization", organization.json)) }
        if let asOf = report.expectationsAsOf, let at = tail.firstIndex(where: { $0.0 == "expectations" }) {
            tail.insert(("expectationsAsOf", .string(asOf.description)), at: at + 1)
        }
        for (index, (key, value)) in tail.enumerated() {
            let separator = index == tail.count - 1 ? "\n" : ",\n"
            output("  \(JSONOutput.string(key).rendered(pretty: false)): \(value.rendered(pretty: false))\(separator)")
        }
        output("}\n")
    }

    /// `{principal, type, account, name, groups, operations, policies}`.
    public static func principalJSON(_ principal: AuditedPrincipal) -> JSONOutput {
        .object([
            ("principal", .string(principal.arn)),
            ("type", .string(principal.type.rawValue)),
            ("account", .string(principal.account)),
            ("name", .string(principal.name)),
            ("groups", .strings(principal.groups)),
            ("operations", .array(principal.check.operations.map { operationJSON($0, principal: principal) })),
            ("policies", .strings(principal.policySummary.map(ReportSentences.policyLine))),
        ])
    }

    /// One cell: the check's operation fields (`operation`, `verdict`, `statement`, `reasons`) with the evidence
    /// gathered (`blockedBy`, `decidingStatements`, `conditions`) and each request made, without its context and the
    /// statements that did not apply.
    static func operationJSON(_ operation: OperationResult, principal: AuditedPrincipal) -> JSONOutput {
        var members: [(String, JSONOutput)] = [("operation", .string(operation.operation))]
        if let resource = operation.resource { members.append(("resource", .string(resource))) }
        members.append(("verdict", .string(operation.verdict.rawValue)))
        if let statement = operation.statement {
            members.append(
                (
                    "statement",
                    .object([
                        ("source", .string(statement.source)),
                        ("line", .int(statement.location.line)),
                        ("column", .int(statement.location.column)),
                        ("text", .string(statement.text)),
                    ])
                ))
        }
        members.append(("reasons", .strings(ReportSentences.reasons(operation))))
        members.append(("blockedBy", .strings(operation.blockedBy.map(\.rawValue))))
        members.append(
            ("decidingStatements", .array(operation.decidingStatements.map { statementJSON($0, principal: principal) }))
        )
        members.append(("conditions", .array(operation.conditions.map(\.json))))
        members.append(
            (
                "requests",
                .array(operation.requests.filter { $0.verdict != nil }.map { requestJSON($0, principal: principal) })
            ))
        return .object(members)
    }

    /// `{action, resource, verdict, decision, blockedBy, decidingStatements, conditions, missingContextKeys, summary}`.
    static func requestJSON(_ outcome: RequestOutcome, principal: AuditedPrincipal) -> JSONOutput {
        var members: [(String, JSONOutput)] = [
            ("action", .string(outcome.request.action)),
            ("resource", .string(outcome.request.resource.description)),
            ("verdict", .string(outcome.verdict?.rawValue ?? "allowed")),
        ]
        if let decision = outcome.decision {
            members.append(("decision", .string(decision.decision.rawValue)))
            members.append(("blockedBy", .strings(decision.blockedBy.map(\.rawValue))))
            members.append(
                (
                    "decidingStatements",
                    .array(ReportEvidence.decidingStatements(outcome).map { statementJSON($0, principal: principal) })
                ))
            members.append(("conditions", .array(decision.conditions.map(\.json))))
            members.append(("missingContextKeys", .strings(decision.missingContextKeys)))
            if let rule = decision.rule { members.append(("rule", .string(rule.rawValue))) }
        } else {
            members.append(("decision", .string(outcome.live?.rawDecision ?? "notEvaluated")))
        }
        switch outcome.request.necessity {
        case .required: members.append(("necessity", .string("required")))
        case .situational: members.append(("necessity", .string("situational")))
        case .notNeeded: members.append(("necessity", .string("notNeeded")))
        }
        members.append(("summary", .string(ReportSentences.outcome(outcome))))
        return .object(members)
    }
}

/// A statement reference (the check's fields) with the name of its policy.
private func statementJSON(_ statement: StatementReference, principal: AuditedPrincipal) -> JSONOutput {
    guard case .object(let members) = statement.json else { return statement.json }
    return .object(members + [("policy", .string(principal.policy(of: statement)))])
}

extension AuditError {
    /// `{principal, type, account, message}` (`audit merge` writes the errors it read with it).
    public var json: JSONOutput {
        .object([
            ("principal", .string(principal)),
            ("type", .string(type.rawValue)),
            ("account", .string(account)),
            ("message", .string(message)),
        ])
    }
}

extension AuditTotal {
    /// `{operation, allowed, denied, undetermined}`.
    public var json: JSONOutput {
        .object([
            ("operation", .string(column)),
            ("allowed", .int(allowed)),
            ("denied", .int(denied)),
            ("undetermined", .int(undetermined)),
        ])
    }
}
