import DeploymentFacts
import Testing

@testable import Reports

/// A stackql-deploy plan keeps when each statement runs, what it notes about a resource and why a value is unknown as
/// data (`DeploymentFacts`); these are the sentences `ReportSentences` says for them, word for word as the `Manifest`
/// module wrote them when it stored sentences. When each anchor runs is stackql-deploy's rule
/// (`website/docs/resource-query-files.md`: exists, create, update, createorupdate, statecheck, exports, delete,
/// command, callback).
@Suite("a stackql-deploy plan's timings, notes and unknown values, rendered")
struct DeploymentSentencesTests {
    @Test("each timing says when its anchor runs, and a statement planned twice says both")
    func timings() {
        let cases: [(StatementTiming, String)] = [
            (.everyBuild, "on every build"),
            (.everyBuildToReadValues, "on every build, to read values for later resources"),
            (.everyBuildToCreateOrUpdate, "on every build, to create or update the resource"),
            (.afterCreateOrUpdateToCheckState, "after the create or update, to check the state"),
            (.afterCreateOrUpdateToReadValues, "after the create or update, to read values for later resources"),
            (.afterCreateOrUpdateToFollow, "after the create or update, to follow its progress"),
            (.firstToDecide, "first, to decide between create and update"),
            (.firstAsExistsCheckAndAfterChange, "first (as the exists check), and again after a create or update"),
            (.whenExistsAndAfterChange, "when the resource exists, and again after a create or update"),
            (.toReadValuesAlsoAsStateCheck, "to read values for later resources (also tried first as a state check)"),
            (.whenAbsent, "only when the resource does not exist"),
            (.afterCreateToFollow, "after the create, to follow its progress"),
            (.whenNotInDesiredState, "only when the resource exists but is not in the desired state"),
            (.afterUpdateToFollow, "after the update, to follow its progress"),
            (.beforeTeardownToReadExports, "before the teardown, to read this resource's exports"),
            (.aroundDelete, "before the delete, and once after it to confirm it"),
            (.whenExists, "only when the resource exists"),
            (.afterDeleteToFollow, "after the delete, to follow its progress"),
        ]
        for (timing, sentence) in cases {
            #expect(ReportSentences.timing(timing) == sentence)
            #expect(ReportSentences.timing([timing]) == sentence)
        }
        #expect(
            ReportSentences.timing([.beforeTeardownToReadExports, .aroundDelete])
                == "before the teardown, to read this resource's exports; before the delete, and once after it to "
                + "confirm it")
    }

    @Test("each plan note names its resource and, where one is at fault, its file")
    func planNotes() {
        let cases: [(DeploymentPlanNote, String)] = [
            (
                .scriptNotChecked(resource: "fetch_tools"),
                "resource 'fetch_tools' (type script) runs a shell command, which iamgate does not check"
            ),
            (
                .noUpdateAnchor(resource: "image"),
                "resource 'image' has no update anchor: when it exists in another state, the build cannot change it"
            ),
            (
                .notDeletedWithoutCheck(resource: "image", file: "p/resources/image.iql"),
                "resource 'image' is not deleted by a teardown: p/resources/image.iql has no exists or statecheck "
                    + "anchor"
            ),
            (
                .notDeletedWithoutDelete(resource: "image", file: "p/resources/image.iql"),
                "resource 'image' is not deleted by a teardown: p/resources/image.iql has no delete anchor"
            ),
            (
                .skipped(resource: "prod_image", condition: "'dev' == 'prd'"),
                "resource 'prod_image' is skipped: its condition ('dev' == 'prd') is false"
            ),
        ]
        for (note, sentence) in cases {
            #expect(ReportSentences.planNote(note) == sentence)
            #expect(ReportSentences.note(.deploymentPlan(note)) == sentence)
        }
    }

    @Test("each cause of an unknown value says why, and each cause has its own sentence")
    func unknownCauses() {
        let cases: [(UnknownValueCause, String)] = [
            (.notKnownBeforeRun, "not known before the run"),
            (
                .expressionNotEvaluated(detail: "'~ 'b'' is not supported here"),
                "iamgate does not evaluate this expression ('~ 'b'' is not supported here)"
            ),
            (.randomUUID, "a random UUID made when the query runs"),
            (.callNotEvaluated(name: "now"), "iamgate does not evaluate the call 'now()'"),
            (.filterNotEvaluated(name: "upper"), "iamgate does not evaluate the filter 'upper'"),
            (.missingStep(key: "tags", step: "['team']"), "the value of 'tags' has no ['team']"),
            (.capturedByExists, "a value this resource's exists query captures when it runs"),
            (.returningRow, "a value of the RETURNING row of a mutation, known when it runs"),
            (.noValue, "no external value, global, prop or built-in has the name: give -e NAME=VALUE"),
            (.inputNotKnown, "its input is not known"),
            (.inputNotText, "its input is not text"),
            (.inputNotKnownTags, "its input is not a known list of tags"),
            (.inputsNotKnownMappings, "both of its inputs must be known mappings"),
            (.inputsNotKnownLists, "both of its inputs must be known lists"),
            (.idempotencyToken, "a token stackql-deploy makes for each resource when it runs"),
            (.exportedBy(resource: "network"), "exported by resource 'network' when it runs"),
            (.dependsOnEnvironment, "its value depends on the environment: give --env NAME"),
            (.environment, "the environment: give --env NAME"),
            (.resourceName, "the name of the resource being processed"),
            (.mergedWithUnknownItem("base_tags"), "merged with 'base_tags', which is not known before the run"),
            (.mergedWithUnknownValues, "merged with values not known before the run"),
        ]
        for (cause, sentence) in cases {
            #expect(ReportSentences.unknownCause(cause) == sentence)
        }
        // The check report groups unknown names by cause; two causes saying the same words would split one group.
        #expect(Set(cases.map { ReportSentences.unknownCause($0.0) }).count == cases.count)
        #expect(
            ReportSentences.note(.unknownBeforeRun(reason: .exportedBy(resource: "vpc"), names: ["vpc_id", "subnet"]))
                == "unknown before the run (exported by resource 'vpc' when it runs): {{ vpc_id }}, {{ subnet }}")
    }
}
