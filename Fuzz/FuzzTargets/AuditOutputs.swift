import Foundation
import IAMGateKit

/// What the audit targets share: the example account they audit (`policies/examples/accounts/`, the README's
/// examples), its audit written once as a saved JSON report, and every rendering of an audit report.
enum AuditOutputs {
    /// The example account's authorization details, found from this file's place in the repository: a fuzz run
    /// without it would test nothing, so its absence stops the run.
    static let exampleAccount: String = {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let path = root.appendingPathComponent("policies/examples/accounts/111122223333.json").path
        guard FileManager.default.fileExists(atPath: path) else {
            fatalError("iamgate-fuzz: the example account is missing at \(path)")
        }
        return path
    }()

    /// The audit options of the example account, its region given.
    static var options: AuditOptions {
        var options = AuditOptions()
        options.authorizationDetails = [exampleAccount]
        options.region = "us-east-1"
        return options
    }

    /// The example account's audit, made once.
    static let report: AuditReport = {
        guard let report = try? AuditRunner.run(options) else {
            fatalError("iamgate-fuzz: the example account's audit failed")
        }
        return report
    }()

    /// The example account's audit as `iamgate audit --format json` writes it, in the workspace.
    static let savedReport: String = {
        var bytes: [UInt8] = []
        AuditReportJSON.write(report) { bytes.append(contentsOf: $0.utf8) }
        return FuzzWorkspace.shared.write(bytes, to: "example-audit.json")
    }()

    /// Renders `report` in every format `iamgate audit --format` offers.
    static func render(_ report: AuditReport) {
        var count = 0
        let sink: (String) -> Void = { count += $0.utf8.count }
        AuditReportText.write(report, style: Style(enabled: true), verbose: true, to: sink)
        AuditReportJSON.write(report, to: sink)
        AuditReportMarkdown.write(report, to: sink)
        AuditReportCSV.write(report, to: sink)
        _ = AuditReportSARIF.render(report, toolVersion: "fuzz")
        AuditReportHTML.write(report, to: sink)
    }
}
