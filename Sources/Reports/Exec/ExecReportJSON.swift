import JSON

/// `iamgate exec --format json`.
public enum ExecReportJSON {
    public static func render(_ report: ExecReport) -> JSONOutput {
        var gate: [(String, JSONOutput)]
        switch report.gate {
        case .open: gate = [("open", .bool(true))]
        case .closed(let index, let reason):
            gate = [("open", .bool(false)), ("stoppedBy", .int(index))]
            switch reason {
            case .denied: gate.append(("reason", .string("denied")))
            case .undetermined: gate.append(("reason", .string("undetermined")))
            case .disagreement: gate.append(("reason", .string("disagreement")))
            case .unknownValue(let reason):
                gate.append(("reason", .string("unknown value")))
                gate.append(("detail", .string(ReportSentences.unknownValue(reason))))
            }
        }
        let steps: [JSONOutput] = report.steps.map { step in
            var members: [(String, JSONOutput)] = [
                ("index", .int(step.index)),
                ("source", step.outcome.statement.map { .string($0.source) } ?? .null),
                ("line", step.outcome.statement.map { .int($0.location.line) } ?? .null),
                ("operation", .string(step.outcome.operation)), ("verdict", .string(step.outcome.verdict.rawValue)),
                ("status", .string(step.status.rawValue)),
            ]
            switch step.call {
            case .success(let call):
                members.append(
                    (
                        "call",
                        .object(
                            [("Operation", .string(call.operation.rawValue)), ("Region", .string(call.region))]
                                + call.members)
                    ))
            case .failure(let problem):
                members.append(("callProblem", .string(problem.message)))
            }
            if let identifier = step.identifier { members.append(("identifier", .string(identifier))) }
            if !step.attempts.isEmpty {
                members.append(
                    (
                        "submissions",
                        .array(
                            step.attempts.map { attempt in
                                var fields: [(String, JSONOutput)] = [
                                    ("attempt", .int(attempt.attempt)), ("clientToken", .string(attempt.clientToken)),
                                ]
                                func add(_ key: String, _ value: String?) {
                                    if let value { fields.append((key, .string(value))) }
                                }
                                add("requestToken", attempt.requestToken)
                                add("requestId", attempt.requestId)
                                add("status", attempt.status)
                                add("errorCode", attempt.errorCode)
                                add("statusMessage", attempt.statusMessage)
                                return .object(fields)
                            })
                    ))
            }
            if let error = step.error { members.append(("error", .string(ReportSentences.failure(error)))) }
            if report.deployment != nil {
                let deployment = step.outcome.statement?.deployment
                members.insert(("resource", deployment.map { .string($0.resource) } ?? .null), at: 3)
                members.insert(("anchor", deployment.map { .string($0.anchor) } ?? .null), at: 4)
                members.append(("why", ReportSentences.why(step.why).map(JSONOutput.string) ?? .null))
            }
            if let rows = step.rows {
                members.append(("columns", .strings(rows.columns)))
                members.append(
                    (
                        "rows",
                        .array(rows.rows.map { row in .object(zip(rows.columns, row).map { ($0, .string($1)) }) })
                    ))
            }
            if let seconds = step.seconds { members.append(("seconds", .number(String(format3(seconds))))) }
            return .object(members)
        }
        var members: [(String, JSONOutput)] = [
            ("principal", .string(report.check.principal)), ("digest", .string(report.digest)),
            ("dryRun", .bool(report.dryRun)), ("gate", .object(gate)), ("statements", .array(steps)),
            ("check", report.check.json),
        ]
        if let caller = report.caller { members.insert(("caller", .string(caller)), at: 1) }
        if let command = report.deployment { members.insert(("deployment", .string(command)), at: 1) }
        if report.dryRun {
            members.append(
                (
                    "requests",
                    .array(
                        report.dryRunRequests.map {
                            .object([
                                ("statement", .int($0.statement)), ("endpoint", .string($0.endpoint)),
                                ("target", .string($0.target)), ("body", $0.body),
                            ])
                        })
                ))
        }
        return .object(members)
    }

    static func format3(_ value: Double) -> String {
        let scaled = (value * 1000).rounded() / 1000
        return "\(scaled)"
    }
}
