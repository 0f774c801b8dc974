extension ReportSentences {
    /// Why exec's gate stays closed on an unknown value, without the statement's place:
    /// `the value of Tags is not known (…), so the call cannot be built (give --var tags=…)`.
    public static func unknownValue(_ reason: UnknownValueReason) -> String {
        switch reason {
        case .call(let problem):
            return problem.message
        case .deploymentCall(let column, let names):
            return "the value of \(column) is not known before the run (\(unknowns(names))), so the call cannot be "
                + "built"
        case .condition(let resource, let condition):
            return "resource '\(resource)' runs only if its condition (\(condition)) holds, which is not known before "
                + "the run"
        case .counts(let anchor, let names, let command):
            return "its \(anchor) conditions use values not known before the run (\(unknowns(names))), so what the "
                + "\(command) runs cannot be decided"
        }
    }

    /// `{{ image_arn }}: no external value … (give -e NAME=VALUE)`, each name with why it is unknown.
    static func unknowns(_ names: [UnknownValueReason.Name]) -> String {
        names.map { "{{ \($0.name) }}: \($0.reason ?? "not known before the run")" }.joined(separator: "; ")
    }

    /// Why a statement failed or timed out: one sentence.
    public static func failure(_ failure: ExecFailure) -> String {
        switch failure {
        case .error(let error):
            return "\(error)"
        case .notLogged(let error, let statement):
            return "\(error); statement \(statement) was not sent"
        case .callFailed(let operation, let error):
            return "\(operation) failed: \(error)"
        case .timedOut(let requestToken, let status, let timeout):
            let seconds = timeout == timeout.rounded() ? "\(Int(timeout)) s" : "\(timeout) s"
            return "request \(requestToken) was still \(status) after --timeout \(seconds); it may still finish: look "
                + "it up with GetResourceRequestStatus (RequestToken \(requestToken))"
        case .outcome(let outcome):
            return outcome.description
        case .statecheckNotMet(let count, let retries, let retryDelay):
            return "statecheck counted \(count), not 1, on each of its \(retries) attempt(s) (retries=\(retries), "
                + "retry_delay=\(retryDelay)): the resource is not in the desired state; stackql-deploy fails the "
                + "build here"
        case .stillExists(let count, let retries, let retryDelay):
            return "the resource still exists after the delete: count \(count) on each of \(retries) check(s) "
                + "(postdelete_retries=\(retries), postdelete_retry_delay=\(retryDelay)); stackql-deploy fails the "
                + "teardown here"
        case .exportRows(let rows, let command):
            return "the exports query returned \(rows) rows; stackql-deploy needs exactly one and stops the \(command) "
                + "here"
        }
    }
}
