import AWSCore
import IAMGateKit

/// What the offline check and exec targets share: AWS options that reach no file or variable of the machine, and every
/// rendering of a report.
enum CheckOutputs {
    /// Offline: no profile, no endpoint, an empty environment that reads no file.
    static var offlineAWS: AWSAccessOptions {
        AWSAccessOptions(environment: Environment(variables: [:], readFile: { _ in nil }))
    }

    /// The check options of the workspace's principal and policy, strict or in discovery mode.
    static func options(strict: Bool) -> CheckOptions {
        var options = CheckOptions()
        options.principal = FuzzWorkspace.principal
        options.identityPolicies = [FuzzWorkspace.shared.identityPolicyPath]
        options.strict = strict
        return options
    }

    /// Renders `report` in every format `iamgate check --format` offers.
    static func render(_ report: CheckReport) {
        _ = CheckReportText.render(report, style: Style(enabled: true), verbose: true)
        _ = report.json.rendered()
        _ = MarkdownReport.render(report)
        _ = JUnitReport.render(report)
        _ = SARIFReport.render(report)
    }

    /// Renders an exec report as text and JSON, and its check report in every format.
    static func render(_ report: ExecReport) {
        _ = ExecReportText.render(report, style: Style(enabled: true))
        _ = ExecReportJSON.render(report).rendered()
        render(report.check)
    }
}
