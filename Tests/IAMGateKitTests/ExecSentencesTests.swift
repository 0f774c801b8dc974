import DeploymentFacts
import JSON
import Testing

@testable import IAMGateKit
@testable import Reports

/// The exec report stores why a statement failed and why the gate stayed closed as data; these are the sentences
/// `ReportSentences` renders from it, word for word as exec printed them when it stored the sentences.
@Suite("exec's failures and unknown values, rendered")
struct ExecSentencesTests {
    struct Refused: Error, CustomStringConvertible {
        var description: String { "audit log 'run.jsonl' cannot be written: disk full" }
    }

    @Test("each kind of failure says what happened, with its numbers")
    func failures() {
        let cases: [(ExecFailure, String)] = [
            (.error(Refused()), "audit log 'run.jsonl' cannot be written: disk full"),
            (
                .notLogged(Refused(), statement: 2),
                "audit log 'run.jsonl' cannot be written: disk full; statement 2 was not sent"
            ),
            (.callFailed(operation: "CreateResource", error: Refused()), "CreateResource failed: \(Refused())"),
            (
                .timedOut(requestToken: "r-1", status: "IN_PROGRESS", timeout: 30),
                "request r-1 was still IN_PROGRESS after --timeout 30 s; it may still finish: look it up with "
                    + "GetResourceRequestStatus (RequestToken r-1)"
            ),
            (
                .timedOut(requestToken: "r-1", status: "PENDING", timeout: 0.5),
                "request r-1 was still PENDING after --timeout 0.5 s; it may still finish: look it up with "
                    + "GetResourceRequestStatus (RequestToken r-1)"
            ),
            (
                .statecheckNotMet(count: 0, retries: 3, retryDelay: 1),
                "statecheck counted 0, not 1, on each of its 3 attempt(s) (retries=3, retry_delay=1): the resource is "
                    + "not in the desired state; stackql-deploy fails the build here"
            ),
            (
                .stillExists(count: 1, retries: 10, retryDelay: 5),
                "the resource still exists after the delete: count 1 on each of 10 check(s) (postdelete_retries=10, "
                    + "postdelete_retry_delay=5); stackql-deploy fails the teardown here"
            ),
            (
                .exportRows(rows: 2, command: "teardown"),
                "the exports query returned 2 rows; stackql-deploy needs exactly one and stops the teardown here"
            ),
        ]
        for (failure, sentence) in cases {
            #expect(ReportSentences.failure(failure) == sentence)
        }
    }

    @Test("an unknown value names the value, why it is unknown, and what it blocks")
    func unknownValues() {
        let location = SourceLocation(line: 3, column: 7)
        let problem = StatementCallProblem.unknownValue(column: "Tags", names: ["tags"], location: location)
        #expect(ReportSentences.unknownValue(.call(problem)) == problem.message)
        let names = [
            UnknownValueReason.Name(name: "image_arn", reason: .noValue),
            UnknownValueReason.Name(name: "later", reason: nil),
        ]
        #expect(
            ReportSentences.unknownValue(.deploymentCall(column: "Identifier", names: names))
                == "the value of Identifier is not known before the run ({{ image_arn }}: no external value, global, "
                + "prop or built-in has the name: give -e NAME=VALUE; {{ later }}: not known before the run), so the "
                + "call cannot be built")
        #expect(
            ReportSentences.unknownValue(.condition(resource: "image", condition: "environment == 'prd'"))
                == "resource 'image' runs only if its condition (environment == 'prd') holds, which is not known "
                + "before the run")
        #expect(
            ReportSentences.unknownValue(.counts(anchor: "exists", names: [names[1]], command: "build"))
                == "its exists conditions use values not known before the run ({{ later }}: not known before the "
                + "run), so what the build runs cannot be decided")
    }

    /// stackql-deploy's rules for what a build or teardown runs (`website/docs/resource-query-files.md`: exists,
    /// create, update, statecheck, exports, delete), each reason with its numbers, as exec printed it.
    @Test("each reason a stackql-deploy statement ran or was not run says its rule and numbers")
    func stepReasons() {
        let cases: [(StepReason, String)] = [
            (.stopped(command: "build", statement: 3), "the build stopped at statement 3"),
            (.notNeeded(command: "teardown"), "the teardown did not need it"),
            (.commandResource, "a command resource's query runs on every build"),
            (.callbackFollowedByExec, "exec follows each create, update and delete to its final state itself"),
            (.createOrUpdate, "createorupdate runs on every build"),
            (.createRanInstead(check: "statecheck"), "statecheck found no resource, so create ran instead"),
            (.notFound(check: "exports"), "exports found no resource"),
            (.found(check: "exists"), "exists found it"),
            (.skipValidation, "skip_validation: true"),
            (.inDesiredState, "statecheck found it in the desired state (count 1)"),
            (.foundWithoutStatecheck, "exists found it (no statecheck to test its state)"),
            (.notInDesiredState, "statecheck found it not in the desired state"),
            (.absentBeforeDelete, "exists found no resource (count 0)"),
            (.foundBeforeDelete, "exists found the resource"),
            (.noExports(resource: "network"), "resource 'network' declares no exports"),
            (.existsCount(1), "count 1: the resource exists"),
            (.existsCount(0), "count 0: no resource"),
            (.existsCount(2), "count 2: no resource"),
            (
                .statecheckAsExists(count: 1),
                "as the exists check (no exists anchor): count 1, the resource is in the desired state"
            ),
            (
                .statecheckAsExists(count: 0),
                "as the exists check (no exists anchor): count 0, no resource in the desired state"
            ),
            (.exportsAsExists(rows: 2), "as the exists check (no exists or statecheck anchor): 2 row(s)"),
            (.countBeforeUpdate(0), "before any update: count 0"),
            (.desiredAfterChange, "after the change: count 1, the resource is in the desired state"),
            (.multiNotAsked, "not asked before the delete (stackql-deploy does not for a multi resource)"),
            (.countBeforeDelete(1), "before the delete: count 1"),
            (.goneAfterDelete, "after the delete: count 0, the resource is gone"),
            (
                .exported(rows: 1, names: ["vpc_id", "subnet_id"], beforeTeardown: false),
                "1 row(s) for vpc_id, subnet_id"
            ),
            (
                .exported(rows: 0, names: ["image_arn"], beforeTeardown: true),
                "before the teardown, 0 row(s) for image_arn"
            ),
        ]
        for (reason, sentence) in cases {
            #expect(ReportSentences.stepReason(reason) == sentence)
        }
    }

    @Test("a step's reasons are said in the order they arose, joined by '; ', and none is no sentence")
    func stepReasonsJoined() {
        #expect(ReportSentences.why([]) == nil)
        #expect(
            ReportSentences.why([.countBeforeUpdate(0), .desiredAfterChange])
                == "before any update: count 0; after the change: count 1, the resource is in the desired state")
    }
}
