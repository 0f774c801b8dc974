import AWSServices
import Catalog
import Foundation
import IAMPolicy
import Manifest
import StackQL

/// `iamgate check`: which operations on a resource may this principal perform, and why.
public enum CheckRunner {
    public static func run(_ options: CheckOptions) throws(InputError) -> CheckReport {
        try checked(options).report
    }

    /// The offline check, with the plan its report was made from.
    static func checked(_ options: CheckOptions) throws(InputError) -> CheckRun {
        var options = options
        try options.readDeployment()
        let governing = try PrincipalInputs.load(options)
        let mode: EvaluationMode = options.strict ? .strict : .discovery
        var inputs = try operationInputs(options, governing.principal)
        inputs.knownRoles = governing.knownRoles
        let plan = try OperationPlan.make(options.selection, inputs: inputs)
        let source = LocalDecisions(governing: governing, mode: mode, account: inputs.account)
        let report = try CheckRunner.report(
            plan, source: source, principal: governing.principal, mode: mode, policyLines: governing.summary,
            notes: notes(mode: mode))
        return CheckRun(plan: plan, report: report, options: options)
    }

    /// The stages after the plan: the source's decisions, their verdicts, the report.
    static func report<Source: DecisionSource>(
        _ plan: OperationPlan, source: Source, principal: Principal, mode: EvaluationMode,
        policyLines: [PolicyLine], notes: [ReportNote]
    ) throws(Source.Failure) -> CheckReport {
        let outcomes = try source.outcomes(for: plan)
        let operations = zip(plan.operations, outcomes).map { Verdicts.operation($0, outcomes: $1) }
        return CheckReport(
            principal: principal.identifier, resource: plan.resourceLabel, source: source.source, mode: mode,
            operations: operations, policySummary: source.policyLines(policyLines),
            notes: notes + plan.notes + source.notes(for: plan))
    }

    /// The note every discovery-mode report carries.
    static func notes(mode: EvaluationMode) -> [ReportNote] {
        mode == .discovery ? [.unknownContextKeys] : []
    }
}
