import DeploymentFacts

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
        names.map { "{{ \($0.name) }}: \(unknownCause($0.reason ?? .notKnownBeforeRun))" }.joined(separator: "; ")
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

extension ReportSentences {
    /// Why a stackql-deploy statement ran or was not run, and what its checks counted: its reasons joined by `; `
    /// (`before any update: count 0; after the change: count 1, the resource is in the desired state`); `nil` when
    /// it has none.
    public static func why(_ reasons: [StepReason]) -> String? {
        reasons.isEmpty ? nil : reasons.map(stepReason).joined(separator: "; ")
    }

    /// One reason of a stackql-deploy statement: `exists found no resource (count 0)`.
    public static func stepReason(_ reason: StepReason) -> String {
        switch reason {
        case .stopped(let command, let statement):
            return "the \(command) stopped at statement \(statement)"
        case .notNeeded(let command):
            return "the \(command) did not need it"
        case .commandResource:
            return "a command resource's query runs on every build"
        case .callbackFollowedByExec:
            return "exec follows each create, update and delete to its final state itself"
        case .createOrUpdate:
            return "createorupdate runs on every build"
        case .createRanInstead(let check):
            return "\(check) found no resource, so create ran instead"
        case .notFound(let check):
            return "\(check) found no resource"
        case .found(let check):
            return "\(check) found it"
        case .skipValidation:
            return "skip_validation: true"
        case .inDesiredState:
            return "statecheck found it in the desired state (count 1)"
        case .foundWithoutStatecheck:
            return "exists found it (no statecheck to test its state)"
        case .notInDesiredState:
            return "statecheck found it not in the desired state"
        case .absentBeforeDelete:
            return "exists found no resource (count 0)"
        case .foundBeforeDelete:
            return "exists found the resource"
        case .noExports(let resource):
            return "resource '\(resource)' declares no exports"
        case .existsCount(let count):
            return count == 1 ? "count 1: the resource exists" : "count \(count): no resource"
        case .statecheckAsExists(let count):
            return "as the exists check (no exists anchor): count \(count)"
                + (count == 1 ? ", the resource is in the desired state" : ", no resource in the desired state")
        case .exportsAsExists(let rows):
            return "as the exists check (no exists or statecheck anchor): \(rows) row(s)"
        case .countBeforeUpdate(let count):
            return "before any update: count \(count)"
        case .desiredAfterChange:
            return "after the change: count 1, the resource is in the desired state"
        case .multiNotAsked:
            return "not asked before the delete (stackql-deploy does not for a multi resource)"
        case .countBeforeDelete(let count):
            return "before the delete: count \(count)"
        case .goneAfterDelete:
            return "after the delete: count 0, the resource is gone"
        case .exported(let rows, let names, let beforeTeardown):
            return (beforeTeardown ? "before the teardown, " : "") + "\(rows) row(s) for "
                + names.joined(separator: ", ")
        }
    }
}
