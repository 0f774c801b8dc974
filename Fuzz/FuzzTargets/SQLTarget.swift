import Catalog
import IAMGateKit
import StackQL

/// StackQL statements as `iamgate check --sql` and `iamgate exec --dry-run` read them: the text is checked for the
/// workspace's principal (parse, classify, build requests, decide, verdicts), each statement's Cloud Control call is
/// built and the gate decides, every report format is rendered; the same text is also read as a stackql-deploy query
/// section (the manifest's dialect) against the bundled catalog.
enum SQLTarget {
    static let catalog = try? Catalog.bundled()
    static let variables = ["region=us-east-1", "env=prod", "name=web-server"]

    static func run(_ bytes: [UInt8]) {
        guard let text = String(validating: bytes, as: UTF8.self) else { return }
        var execOptions = ExecOptions()
        execOptions.check = CheckOutputs.options(strict: bytes.count % 2 == 0)
        execOptions.check.sql = text
        execOptions.check.variables = variables
        execOptions.dryRun = true
        if let report = try? ExecRunner.run(execOptions, aws: CheckOutputs.offlineAWS) {
            CheckOutputs.render(report)
        }
        if let catalog {
            _ = try? StatementClassifier.parseAndClassify(
                text: text, source: "fuzz.iql", templates: TemplateValues(["region": "us-east-1"]),
                mode: .deploymentQuery, firstLine: 1, catalog: catalog.resources)
        }
    }
}
