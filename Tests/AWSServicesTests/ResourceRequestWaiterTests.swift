import AWSCore
import AWSServices
import AWSTestSupport
import Foundation
import Testing

/// The waiter that follows a Cloud Control write, over a scripted transport and a simulated clock (no real waits).
/// The rules checked: the Cloud Control user guide's request tracking (GetResourceRequestStatus until SUCCESS, FAILED
/// or CANCEL_COMPLETE; botocore's waiter `ResourceRequestSuccess` in waiters-2.json treats FAILED and CANCEL_COMPLETE as
/// failures), the model's `RetryAfter` ("when to next request the status", a timestamp), and
/// execution-and-audit.md §1 (Terraform's awscc waiter wrongly took CANCEL_COMPLETE for success; a throttled FAILED is
/// the caller's to resubmit).
@Suite("Cloud Control: following a request to its final state")
struct ResourceRequestWaiterTests {
    static let start = Date(timeIntervalSince1970: 1_714_554_753)

    /// A waiter over `transport` on a simulated clock starting at ``start``.
    static func waiter(
        _ transport: FakeTransport, time: SimulatedTime, timeout: Double = 3600,
        events: EventLog? = nil
    ) -> ResourceRequestWaiter {
        let client = Fixtures.cloudControl(transport, sleeper: time)
        var waiter = ResourceRequestWaiter(client: client, timeout: timeout, sleeper: time, now: { time.now() })
        if let events {
            waiter.onEvent = { event in events.append(event) }
        }
        return waiter
    }

    /// An event answer whose `RetryAfter` is `after` seconds past ``start``.
    static func retryAfter(_ status: String, _ after: Double) -> Result<HTTPResponse, TransportError> {
        let instant = start.timeIntervalSince1970 + after
        return Fixtures.progress(status, extra: #","RetryAfter":\#(instant)"#)
    }

    static func pending(retryAfter: Date? = nil) -> ProgressEvent {
        ProgressEvent(
            typeName: "AWS::ImageBuilder::Image", requestToken: "tok-1", operation: .create,
            operationStatus: .pending, retryAfter: retryAfter)
    }

    /// Without RetryAfter the waits back off exponentially from 1 s, doubling, capped at 20 s; each poll asks for the
    /// write's RequestToken.
    @Test func backoffWithoutRetryAfter() throws {
        var outcomes = Array(repeating: Fixtures.progress("IN_PROGRESS"), count: 7)
        outcomes.append(Fixtures.progress("SUCCESS", extra: #","Identifier":"arn:img/1""#))
        let transport = FakeTransport(outcomes)
        let time = SimulatedTime(start: Self.start)
        let events = EventLog()
        let outcome = Self.waiter(transport, time: time, events: events).wait(for: Self.pending())
        #expect(outcome.isSuccess)
        #expect(outcome == .succeeded(outcome.event))
        #expect(outcome.event.identifier == "arn:img/1")
        #expect(time.sleeps == [1, 2, 4, 8, 16, 20, 20, 20])
        #expect(transport.bodies.allSatisfy { $0 == #"{"RequestToken":"tok-1"}"# })
        #expect(transport.requests.count == 8)
        #expect(events.statuses == ["PENDING"] + Array(repeating: "IN_PROGRESS", count: 7) + ["SUCCESS"])
        #expect(
            outcome.description
                == "the CREATE request tok-1 for AWS::ImageBuilder::Image succeeded (identifier arn:img/1)")
    }

    /// RetryAfter is honoured: the waiter waits until that instant (here 7.5 s, then 30 s, after the clock's time);
    /// one in the past still waits the 1 s floor; one far in the future is capped at 60 s.
    @Test func retryAfterIsHonoured() throws {
        let transport = FakeTransport([
            Self.retryAfter("IN_PROGRESS", 7.5 + 30),  // read at t = 7.5: RetryAfter 30 s later
            Self.retryAfter("IN_PROGRESS", 0),  // in the past
            Self.retryAfter("IN_PROGRESS", 100_000),  // far away
            Fixtures.progress("SUCCESS"),
        ])
        let time = SimulatedTime(start: Self.start)
        let outcome = Self.waiter(transport, time: time).wait(
            for: Self.pending(retryAfter: Self.start.addingTimeInterval(7.5)))
        #expect(outcome.isSuccess)
        #expect(time.sleeps == [7.5, 30, 1, 60])
    }

    /// The delay rule on its own: RetryAfter minus now, floored at 1 s and capped at 60 s; without it, the backoff
    /// step of the number of polls made.
    @Test func delayRule() {
        let waiter = Self.waiter(FakeTransport(bodies: []), time: SimulatedTime())
        let now = Self.start
        #expect(
            waiter.delay(after: Self.pending(retryAfter: now.addingTimeInterval(12.25)), polls: 5, now: now) == 12.25)
        #expect(waiter.delay(after: Self.pending(retryAfter: now.addingTimeInterval(0.2)), polls: 0, now: now) == 1)
        #expect(waiter.delay(after: Self.pending(retryAfter: now.addingTimeInterval(-50)), polls: 0, now: now) == 1)
        #expect(waiter.delay(after: Self.pending(retryAfter: now.addingTimeInterval(3600)), polls: 0, now: now) == 60)
        #expect(
            (0..<8).map { waiter.delay(after: Self.pending(), polls: $0, now: now) } == [1, 2, 4, 8, 16, 20, 20, 20])
        #expect(waiter.backoff(afterPolls: 10_000) == 20)
    }

    /// The deadline: a request that stays IN_PROGRESS ends `.timedOut` carrying the last event and its RequestToken;
    /// the last wait is cut to the deadline, so the simulated time spent is exactly the timeout.
    @Test func timeoutCarriesTheRequestToken() throws {
        let transport = FakeTransport([Fixtures.progress("IN_PROGRESS", token: "tok-1")])
        let time = SimulatedTime(start: Self.start)
        let outcome = Self.waiter(transport, time: time, timeout: 50).wait(for: Self.pending())
        guard case .timedOut(let last) = outcome else {
            Issue.record("expected a timeout, got \(outcome)")
            return
        }
        #expect(last.operationStatus == .inProgress)
        #expect(outcome.requestToken == "tok-1")
        #expect(!outcome.isSuccess)
        #expect(time.sleeps == [1, 2, 4, 8, 16, 19])
        #expect(time.elapsed == 50)
        #expect(transport.requests.count == 6)
        #expect(
            outcome.description
                == "the CREATE request tok-1 for AWS::ImageBuilder::Image was still IN_PROGRESS when the wait timed "
                + "out; AWS goes on with it")
    }

    /// FAILED is a failure carrying ErrorCode and StatusMessage; a `Throttling` FAILED is returned as it is, not
    /// resubmitted (nothing more is sent after the poll that saw it).
    @Test(arguments: ["Throttling", "NotFound", "InternalFailure"])
    func failedCarriesErrorCodeAndMessage(_ code: String) throws {
        let transport = FakeTransport([
            Fixtures.progress("IN_PROGRESS"),
            Fixtures.progress("FAILED", extra: #","ErrorCode":"\#(code)","StatusMessage":"Rate exceeded""#),
        ])
        let time = SimulatedTime(start: Self.start)
        let outcome = Self.waiter(transport, time: time).wait(for: Self.pending())
        #expect(outcome == .failed(outcome.event))
        #expect(outcome.event.errorCode == code)
        #expect(outcome.event.statusMessage == "Rate exceeded")
        #expect(!outcome.isSuccess)
        #expect(transport.requests.count == 2)
        #expect(
            outcome.description
                == "the CREATE request tok-1 for AWS::ImageBuilder::Image failed with \(code): Rate exceeded")
    }

    /// CANCEL_COMPLETE is never success; CANCEL_IN_PROGRESS before it is polled like IN_PROGRESS.
    @Test func cancelCompleteIsNeverSuccess() throws {
        let transport = FakeTransport([Fixtures.progress("CANCEL_IN_PROGRESS"), Fixtures.progress("CANCEL_COMPLETE")])
        let outcome = Self.waiter(transport, time: SimulatedTime(start: Self.start)).wait(for: Self.pending())
        #expect(outcome == .cancelled(outcome.event))
        #expect(!outcome.isSuccess)
        #expect(transport.requests.count == 2)
        #expect(outcome.description.hasSuffix("was cancelled (CANCEL_COMPLETE) and did not complete"))
    }

    /// A status the model does not list is neither success nor something to poll forever: the wait ends with it.
    @Test func anUnknownStatusIsNotSuccess() throws {
        let transport = FakeTransport([Fixtures.progress("IN_PROGRESS"), Fixtures.progress("ROLLED_BACK")])
        let outcome = Self.waiter(transport, time: SimulatedTime(start: Self.start)).wait(for: Self.pending())
        #expect(outcome == .unrecognizedStatus(outcome.event))
        #expect(!outcome.isSuccess)
        #expect(transport.requests.count == 2)
        #expect(outcome.description.hasSuffix("reported status 'ROLLED_BACK', which is not a known final state"))
    }

    /// An event that is already final is judged without a poll (a write can answer FAILED at once).
    @Test func aFinalEventNeedsNoPoll() throws {
        let transport = FakeTransport(bodies: [])
        let time = SimulatedTime(start: Self.start)
        var event = Self.pending()
        event.operationStatus = .failed
        event.errorCode = "AlreadyExists"
        let outcome = Self.waiter(transport, time: time).wait(for: event)
        #expect(outcome == .failed(event))
        #expect(transport.requests.isEmpty && time.sleeps.isEmpty)
    }

    /// Polls have their own budget (execution-and-audit.md §1): a poll the client's own retries could not get
    /// through (three ThrottlingExceptions) is tried again after the next backoff step, and the wait goes on.
    @Test func aThrottledPollIsTriedAgain() throws {
        let throttled = Fixtures.json(#"{"__type":"ThrottlingException","Message":"Rate exceeded"}"#, status: 400)
        let transport = FakeTransport([throttled, throttled, throttled, Fixtures.progress("SUCCESS")])
        let time = SimulatedTime(start: Self.start)
        let outcome = Self.waiter(transport, time: time).wait(for: Self.pending())
        #expect(outcome.isSuccess)
        #expect(transport.requests.count == 4)
        let retries = (1...2).map { RetryPolicy.standard.delay(afterAttempt: $0, random: 0.5) }
        #expect(time.sleeps == [1] + retries + [2])
    }

    /// A poll error that more polling cannot mend (RequestTokenNotFoundException) ends the wait at once with the
    /// error and the last event, whose RequestToken is still reported.
    @Test func aLostRequestTokenEndsTheWait() throws {
        let transport = FakeTransport([
            Fixtures.json(#"{"__type":"RequestTokenNotFoundException","Message":"gone"}"#, status: 400)
        ])
        let outcome = Self.waiter(transport, time: SimulatedTime(start: Self.start)).wait(for: Self.pending())
        guard case .statusUnavailable(let last, let error) = outcome else {
            Issue.record("expected statusUnavailable, got \(outcome)")
            return
        }
        #expect(last == Self.pending())
        #expect(error.code == "RequestTokenNotFoundException")
        #expect(transport.requests.count == 1)
        #expect(
            outcome.description
                == "the status of the CREATE request tok-1 for AWS::ImageBuilder::Image could not be read: "
                + "RequestTokenNotFoundException: gone (request req-json-1)")
    }

    /// Polls that keep failing end the wait after the budget of failures in a row.
    @Test func pollFailuresHaveABudget() throws {
        let transport = FakeTransport([.failure(.connectionRefused(host: "cloudcontrolapi.us-west-2.amazonaws.com"))])
        let time = SimulatedTime(start: Self.start)
        let client = Fixtures.cloudControl(transport, sleeper: time, retry: RetryPolicy(maxAttempts: 1))
        let waiter = ResourceRequestWaiter(
            client: client, timeout: 3600, sleeper: time, now: { time.now() }, maximumPollFailures: 3)
        let outcome = waiter.wait(for: Self.pending())
        guard case .statusUnavailable(_, let error) = outcome else {
            Issue.record("expected statusUnavailable, got \(outcome)")
            return
        }
        #expect(transport.requests.count == 3)
        #expect(time.sleeps == [1, 2, 4])
        #expect("\(error)" == "connection to cloudcontrolapi.us-west-2.amazonaws.com refused")
    }

    /// A status answer about another request is not taken for this one's.
    @Test func anAnswerForAnotherTokenIsRejected() throws {
        let transport = FakeTransport([Fixtures.progress("SUCCESS", token: "someone-else")])
        let outcome = Self.waiter(transport, time: SimulatedTime(start: Self.start)).wait(for: Self.pending())
        #expect(!outcome.isSuccess)
        #expect(
            outcome.description.hasSuffix(
                "could not be read: ProgressEvent.RequestToken is 'someone-else' but request 'tok-1' was asked for"))
    }

    /// By default the waiter reads time on the client's signing clock, which AWS's Date corrects.
    @Test func theDefaultClockIsTheSigningClock() {
        let clock = SigningClock(offset: 120, source: { Self.start })
        let client = Fixtures.cloudControl(FakeTransport(bodies: []), clock: clock)
        let waiter = ResourceRequestWaiter(client: client, timeout: 10)
        #expect(waiter.now() == Self.start.addingTimeInterval(120))
    }
}

/// The events a waiter reported, in order.
final class EventLog: @unchecked Sendable {
    // @unchecked: `events` is only touched while `lock` is held.
    private let lock = NSLock()
    private var events: [ProgressEvent] = []

    func append(_ event: ProgressEvent) {
        lock.withLock { events.append(event) }
    }

    var statuses: [String] {
        lock.withLock { events.map(\.operationStatus.rawValue) }
    }
}
