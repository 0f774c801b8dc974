import IAMPolicy
import JSON

/// `iamgate audit --format sarif`: one SARIF 2.1.0 run whose results are every principal's denied and undetermined
/// operations, each exactly as `check --format sarif` gives it for that principal (located at the deciding policy
/// statement, fingerprinted by principal and operation). Principals that could not be resolved are error
/// notifications of the run's invocation, which is then not successful.
public enum AuditReportSARIF {
    public static func render(_ report: AuditReport, toolVersion: String = SARIFReport.defaultToolVersion) -> String {
        document(report, toolVersion: toolVersion).rendered(pretty: true) + "\n"
    }

    static func document(_ report: AuditReport, toolVersion: String) -> JSONOutput {
        let driver: JSONOutput = .object([
            ("name", .string("iamgate")),
            ("informationUri", .string(SARIFReport.informationURI)),
            ("version", .string(toolVersion)),
            (
                "rules",
                .array(
                    SARIFReport.Rule.allCases.map(SARIFReport.rule) + AuditExpectationSARIF.rules + [
                        AuditEscalationSARIF.rule
                    ])
            ),
        ])
        var results: [JSONOutput] = AuditExpectationSARIF.results(report)
        for principal in report.principals where principal.cells.contains(where: { $0.verdict != .allowed }) {
            results += SARIFReport.results(principal.check)
        }
        results += AuditEscalationSARIF.results(report)
        let notifications: [JSONOutput] = report.errors.map { error in
            .object([
                ("level", .string("error")),
                ("message", .object([("text", .string("\(error.principal) was not checked: \(error.message)"))])),
            ])
        }
        let invocation: JSONOutput = .object([
            ("executionSuccessful", .bool(report.errors.isEmpty)),
            ("toolExecutionNotifications", .array(notifications)),
        ])
        let run: JSONOutput = .object([
            ("tool", .object([("driver", driver)])),
            ("invocations", .array([invocation])),
            ("results", .array(results)),
            (
                "properties",
                .object([
                    ("resource", .string(report.resource)),
                    ("source", .string(report.source.rawValue)),
                    ("mode", .string(report.mode.rawValue)),
                    ("inputs", .strings(report.inputs)),
                    ("principals", .int(report.principals.count)),
                    ("notResolved", .int(report.errors.count)),
                ])
            ),
        ])
        return .object([
            ("$schema", .string(SARIFReport.schemaURI)),
            ("version", .string("2.1.0")),
            ("runs", .array([run])),
        ])
    }
}
