import DeploymentFacts

extension ReportSentences {
    /// When a stackql-deploy statement runs: `only when the resource does not exist`; a statement planned for two
    /// cases says both, joined by `; `.
    public static func timing(_ runs: [StatementTiming]) -> String {
        runs.map(timing).joined(separator: "; ")
    }

    /// One case of when a stackql-deploy statement runs.
    public static func timing(_ runs: StatementTiming) -> String {
        switch runs {
        case .everyBuild: "on every build"
        case .everyBuildToReadValues: "on every build, to read values for later resources"
        case .everyBuildToCreateOrUpdate: "on every build, to create or update the resource"
        case .afterCreateOrUpdateToCheckState: "after the create or update, to check the state"
        case .afterCreateOrUpdateToReadValues: "after the create or update, to read values for later resources"
        case .afterCreateOrUpdateToFollow: "after the create or update, to follow its progress"
        case .firstToDecide: "first, to decide between create and update"
        case .firstAsExistsCheckAndAfterChange: "first (as the exists check), and again after a create or update"
        case .whenExistsAndAfterChange: "when the resource exists, and again after a create or update"
        case .toReadValuesAlsoAsStateCheck: "to read values for later resources (also tried first as a state check)"
        case .whenAbsent: "only when the resource does not exist"
        case .afterCreateToFollow: "after the create, to follow its progress"
        case .whenNotInDesiredState: "only when the resource exists but is not in the desired state"
        case .afterUpdateToFollow: "after the update, to follow its progress"
        case .beforeTeardownToReadExports: "before the teardown, to read this resource's exports"
        case .aroundDelete: "before the delete, and once after it to confirm it"
        case .whenExists: "only when the resource exists"
        case .afterDeleteToFollow: "after the delete, to follow its progress"
        }
    }

    /// What a stackql-deploy plan says about a resource: `resource 'image' is skipped: its condition (…) is false`.
    public static func planNote(_ note: DeploymentPlanNote) -> String {
        switch note {
        case .scriptNotChecked(let resource):
            return "resource '\(resource)' (type script) runs a shell command, which iamgate does not check"
        case .noUpdateAnchor(let resource):
            return "resource '\(resource)' has no update anchor: when it exists in another state, the build cannot "
                + "change it"
        case .notDeletedWithoutCheck(let resource, let file):
            return "resource '\(resource)' is not deleted by a teardown: \(file) has no exists or statecheck anchor"
        case .notDeletedWithoutDelete(let resource, let file):
            return "resource '\(resource)' is not deleted by a teardown: \(file) has no delete anchor"
        case .skipped(let resource, let condition):
            return "resource '\(resource)' is skipped: its condition (\(condition)) is false"
        }
    }

    /// Why a stackql-deploy template value is not known before the run: `exported by resource 'vpc' when it runs`.
    public static func unknownCause(_ cause: UnknownValueCause) -> String {
        switch cause {
        case .notKnownBeforeRun: "not known before the run"
        case .expressionNotEvaluated(let detail): "iamgate does not evaluate this expression (\(detail))"
        case .randomUUID: "a random UUID made when the query runs"
        case .callNotEvaluated(let name): "iamgate does not evaluate the call '\(name)()'"
        case .filterNotEvaluated(let name): "iamgate does not evaluate the filter '\(name)'"
        case .missingStep(let key, let step): "the value of '\(key)' has no \(step)"
        case .capturedByExists: "a value this resource's exists query captures when it runs"
        case .returningRow: "a value of the RETURNING row of a mutation, known when it runs"
        case .noValue: "no external value, global, prop or built-in has the name: give -e NAME=VALUE"
        case .inputNotKnown: "its input is not known"
        case .inputNotText: "its input is not text"
        case .inputNotKnownTags: "its input is not a known list of tags"
        case .inputsNotKnownMappings: "both of its inputs must be known mappings"
        case .inputsNotKnownLists: "both of its inputs must be known lists"
        case .idempotencyToken: "a token stackql-deploy makes for each resource when it runs"
        case .exportedBy(let resource): "exported by resource '\(resource)' when it runs"
        case .dependsOnEnvironment: "its value depends on the environment: give --env NAME"
        case .environment: "the environment: give --env NAME"
        case .resourceName: "the name of the resource being processed"
        case .mergedWithUnknownItem(let item): "merged with '\(item)', which is not known before the run"
        case .mergedWithUnknownValues: "merged with values not known before the run"
        }
    }
}
