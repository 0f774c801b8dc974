import Reports

/// Judges each expectation against an audit's cells: held, broken or undetermined (fail closed: never held on a cell
/// the audit could not decide, nor while a principal that might break it could not be resolved), and expired from
/// its `expires` day on.
///
/// Expectations judge the principals' own cells and, for `only`, what a principal reaches through one hop of
/// escalation (`report.escalations`): acting as a role that is allowed an operation only the patterns' principals may
/// perform breaks the expectation, or leaves it undetermined when the hop or the role's cell is undetermined.
enum AuditExpectationEvaluator {
    static func evaluate(
        _ expectations: [AuditExpectation], in report: AuditReport, asOf: CalendarDate
    ) -> [AuditExpectationResult] {
        var checks: [Int: CheckReport] = [:]
        /// The check of the principal at `index`, made once, for a cell's blocking types and conditions.
        func operation(_ index: Int, column: Int) -> OperationResult? {
            if checks[index] == nil { checks[index] = report.principals[index].check }
            guard let operations = checks[index]?.operations, column < operations.count else { return nil }
            return operations[column]
        }
        return expectations.map { expectation in
            let patterns = expectation.rule.patterns.map(PrincipalPattern.init)
            func matches(arn: String, name: String) -> Bool {
                patterns.contains { $0.matches(arn: arn, name: name) }
            }
            let wanted = Set(expectation.columns)
            let columns = report.columns.indices.filter { wanted.contains(report.columns[$0]) }
            var breaking: [AuditExpectationFinding] = []
            var undecided: [AuditExpectationFinding] = []
            var matched = false
            for (index, principal) in report.principals.enumerated() {
                let isNamed = matches(arn: principal.arn, name: principal.name)
                matched = matched || isNamed
                let concerned: Bool
                switch expectation.rule {
                case .only: concerned = !isNamed
                case .must: concerned = isNamed
                }
                guard concerned else { continue }
                for column in columns where column < principal.cells.count {
                    let title = report.columns[column]
                    switch (expectation.rule, principal.cells[column].verdict) {
                    case (.only, .allowed):
                        breaking.append(.init(kind: .allowed, principal: principal.arn, column: title))
                    case (.must, .denied):
                        breaking.append(
                            .init(
                                kind: .denied, principal: principal.arn, column: title,
                                blockedBy: operation(index, column: column)?.blockedBy ?? []))
                    case (_, .undetermined):
                        undecided.append(
                            .init(
                                kind: .undetermined, principal: principal.arn, column: title,
                                conditions: operation(index, column: column)?.conditions ?? []))
                    case (.only, .denied), (.must, .allowed):
                        break
                    }
                }
            }
            if case .only = expectation.rule {
                for escalation in report.escalations
                where !matches(arn: escalation.principal, name: Self.name(of: escalation.principal)) {
                    for gained in escalation.gained where wanted.contains(gained.column) {
                        guard gained.roleVerdict != .denied else { continue }
                        let finding = AuditExpectationFinding(
                            escalation: escalation, column: gained.column, roleVerdict: gained.roleVerdict)
                        if finding.breaks { breaking.append(finding) } else { undecided.append(finding) }
                    }
                }
            }
            for error in report.errors {
                let isNamed = matches(arn: error.principal, name: Self.name(of: error.principal))
                matched = matched || isNamed
                switch expectation.rule {
                case .only where !isNamed, .must where isNamed:
                    undecided.append(.init(kind: .unresolved, principal: error.principal))
                default:
                    break
                }
            }
            if case .must = expectation.rule, !matched {
                breaking.append(.init(kind: .noPrincipal))
            }
            let status: AuditExpectationStatus =
                !breaking.isEmpty ? .broken : undecided.isEmpty ? .held : .undetermined
            let expired = expectation.expires.map { asOf >= $0 } ?? false
            return AuditExpectationResult(
                expectation: expectation, status: status, expired: expired, findings: breaking + undecided)
        }
    }

    /// A user's or role's name: the ARN's last path segment (`alice` of `arn:aws:iam::1:user/engineering/alice`).
    static func name(of arn: String) -> String {
        arn.split(separator: "/").last.map(String.init) ?? arn
    }
}
