/// A check's report with the plan it was made from and what it used: the inputs exec gates and executes from.
struct CheckRun: Sendable {
    var plan: OperationPlan
    var report: CheckReport
    /// The options as the check completed them (a live mode fills in the caller and the configured region).
    var options: CheckOptions
    /// Live modes: the session the check used, so exec makes its calls with the same credentials.
    var session: AWSSession? = nil
    /// Live modes without `--principal`: who the caller is.
    var caller: Caller? = nil
}
