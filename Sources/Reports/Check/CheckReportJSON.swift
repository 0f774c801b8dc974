import AWSServices
import Catalog
import IAMPolicy
import JSON

extension ContextValue {
    var json: JSONOutput { isSet ? .strings(values) : .string(values.first ?? "") }
}

extension RequestOutcome {
    /// One `requests[]` entry of the check-report contract (DESIGN.md), plus role, necessity and reason.
    public var json: JSONOutput {
        var members: [(String, JSONOutput)] = [
            ("action", .string(request.action)),
            ("resource", .string(request.resource.description)),
            ("context", .object(request.context.sorted { $0.key < $1.key }.map { ($0.key, $0.value.json) })),
        ]
        if let decision, let authorization {
            members.append(("decision", .string(decision.decision.rawValue)))
            members.append(("verdict", .string(verdict?.rawValue ?? "allowed")))
            let decisionMembers = decision.jsonMembers(request: authorization).filter { $0.0 != "decision" }
            members += decisionMembers
        } else if let live {
            // `--live`: AWS's answer is the decision.
            members.append(("decision", .string(live.rawDecision)))
            members.append(("verdict", .string(verdict?.rawValue ?? "allowed")))
            members.append(("matchedStatements", .array(live.matchedStatements.map(\.json))))
            members.append(("missingContextKeys", .strings(live.missingContextValues)))
        } else {
            members.append(("decision", .string("notEvaluated")))
        }
        if let live {
            members.append(("liveDecision", .string(live.rawDecision)))
            members.append(("live", live.json))
        }
        if let comparison {
            members.append(("agree", .bool(comparison.agree)))
            members.append(
                (
                    "comparedLocally",
                    .object(
                        [("mode", .string("strict"))] + comparison.local.jsonMembers(request: comparison.authorization))
                ))
        }
        members.append(("role", .string(request.role.rawValue)))
        switch request.necessity {
        case .required: members.append(("necessity", .string("required")))
        case .situational(let why):
            members.append(("necessity", .string("situational")))
            members.append(("situation", .string(ReportSentences.situation(why))))
        case .notNeeded(let why):
            members.append(("necessity", .string("notNeeded")))
            members.append(("notNeededBecause", .string(ReportSentences.notNeeded(why))))
        }
        members.append(("reason", .string(ReportSentences.requestReason(request.reason))))
        if !request.resource.isKnown {
            members.append(("unknownResourceParts", .strings(request.resource.unknownNames)))
        }
        members.append(("summary", .string(ReportSentences.outcome(self))))
        return .object(members)
    }
}

extension CheckReport {
    /// `iamgate check --format json`: the check-report contract of DESIGN.md.
    public var json: JSONOutput {
        .object(
            [
                ("principal", .string(principal)),
                ("resource", .string(resource)),
                ("source", .string(source.rawValue)),
                ("mode", .string(mode.rawValue)),
                ("verdict", .string(overall.rawValue)),
                (
                    "operations",
                    .array(
                        operations.map { operation in
                            var members: [(String, JSONOutput)] = [
                                ("operation", .string(operation.operation))
                            ]
                            if let resource = operation.resource { members.append(("resource", .string(resource))) }
                            members.append(("verdict", .string(operation.verdict.rawValue)))
                            if let statement = operation.statement {
                                var statementMembers: [(String, JSONOutput)] = [
                                    ("source", .string(statement.source)),
                                    ("line", .int(statement.location.line)),
                                    ("column", .int(statement.location.column)),
                                    ("text", .string(statement.text)),
                                ]
                                if let step = statement.deployment {
                                    statementMembers.append(("deployment", step.json))
                                }
                                members.append(("statement", .object(statementMembers)))
                            }
                            members.append(("reasons", .strings(ReportSentences.reasons(operation))))
                            members.append(("requests", .array(operation.requests.map(\.json))))
                            return .object(members)
                        })
                ),
                ("policies", .strings(policySummary.map(ReportSentences.policyLine))),
                ("notes", .strings(notes.map(ReportSentences.note))),
            ] + liveMembers)
    }

    /// Live modes: the organization's policies (`--from-organization`), the AWS calls made; `--compare`: how many
    /// requests disagree.
    var liveMembers: [(String, JSONOutput)] {
        var members: [(String, JSONOutput)] = []
        if let organization { members.append(("organization", organization.json)) }
        if source == .compare { members.append(("disagreements", .int(disagreements.count))) }
        if let statistics {
            members.append(
                (
                    "awsCalls",
                    .object([
                        ("calls", .int(statistics.calls)), ("httpRequests", .int(statistics.httpRequests)),
                        ("retries", .int(statistics.retries)),
                    ])
                ))
        }
        return members
    }
}

extension MatchedStatement {
    /// AWS's `MatchedStatements` entry.
    var json: JSONOutput {
        var members: [(String, JSONOutput)] = [
            ("sourcePolicyId", sourcePolicyId.map(JSONOutput.string) ?? .null),
            ("sourcePolicyType", sourcePolicyType.map(JSONOutput.string) ?? .null),
        ]
        if let start = startPosition {
            members.append(("start", .object([("line", .int(start.line)), ("column", .int(start.column))])))
        }
        if let end = endPosition {
            members.append(("end", .object([("line", .int(end.line)), ("column", .int(end.column))])))
        }
        return .object(members)
    }
}

extension LiveDecision {
    /// What AWS was asked and answered.
    var json: JSONOutput {
        var members: [(String, JSONOutput)] = [
            ("decision", .string(rawDecision)),
            ("resource", .string(simulated.resource)),
            (
                "context",
                .object(
                    simulated.context.map {
                        ($0.name, .object([("type", .string($0.type.rawValue)), ("values", .strings($0.values))]))
                    })
            ),
            ("matchedStatements", .array(matchedStatements.map(\.json))),
            ("missingContextValues", .strings(missingContextValues)),
        ]
        if let allowedByOrganizations { members.append(("allowedByOrganizations", .bool(allowedByOrganizations))) }
        if let allowedByPermissionsBoundary {
            members.append(("allowedByPermissionsBoundary", .bool(allowedByPermissionsBoundary)))
        }
        if !decisionDetails.isEmpty {
            members.append(
                (
                    "decisionDetails",
                    .object(decisionDetails.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) })
                ))
        }
        members.append(("explanation", .string(explanation)))
        return .object(members)
    }
}

extension DeploymentStep {
    /// `{"resource", "anchor", "options", "runs"[, "condition"]}`.
    var json: JSONOutput {
        var members: [(String, JSONOutput)] = [
            ("resource", .string(resource)),
            ("anchor", .string(anchor)),
            ("options", .strings(options)),
            ("runs", .string(ReportSentences.timing(runs))),
        ]
        if let condition { members.append(("condition", .string(condition))) }
        return .object(members)
    }
}
