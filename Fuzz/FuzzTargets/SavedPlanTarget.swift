import IAMGateKit

/// Plans saved by `iamgate check --save-plan`, as `iamgate exec --plan FILE --dry-run` reads them: the plan is read,
/// and a plan that reads is checked again from the inputs it names (paths relative to the working directory) and
/// compared with what it recorded; the report is rendered as exec renders it.
enum SavedPlanTarget {
    static func run(_ bytes: [UInt8]) {
        let path = FuzzWorkspace.shared.write(bytes, to: "plan.json")
        guard (try? SavedPlan.read(path: path)) != nil else { return }
        var options = ExecOptions()
        options.plan = path
        options.dryRun = true
        if let report = try? ExecRunner.run(options, aws: CheckOutputs.offlineAWS) {
            CheckOutputs.render(report)
        }
    }
}
