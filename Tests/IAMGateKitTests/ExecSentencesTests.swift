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
            UnknownValueReason.Name(name: "image_arn", reason: "no external value (give -e image_arn=VALUE)"),
            UnknownValueReason.Name(name: "later", reason: nil),
        ]
        #expect(
            ReportSentences.unknownValue(.deploymentCall(column: "Identifier", names: names))
                == "the value of Identifier is not known before the run ({{ image_arn }}: no external value (give -e "
                + "image_arn=VALUE); {{ later }}: not known before the run), so the call cannot be built")
        #expect(
            ReportSentences.unknownValue(.condition(resource: "image", condition: "environment == 'prd'"))
                == "resource 'image' runs only if its condition (environment == 'prd') holds, which is not known "
                + "before the run")
        #expect(
            ReportSentences.unknownValue(.counts(anchor: "exists", names: [names[1]], command: "build"))
                == "its exists conditions use values not known before the run ({{ later }}: not known before the "
                + "run), so what the build runs cannot be decided")
    }
}
