import AWSCore
import Foundation

/// Follows a Cloud Control write to a final state by polling GetResourceRequestStatus (Cloud Control user guide,
/// "Tracking the progress of resource operation requests"): `SUCCESS` is success; `FAILED` and `CANCEL_COMPLETE` are
/// failures; `PENDING`, `IN_PROGRESS` and `CANCEL_IN_PROGRESS` are polled again.
///
/// Between polls it waits until the event's `RetryAfter` (a point in time, read on ``now``), never less than
/// ``minimumDelay`` and never more than ``maximumRetryAfterWait``; without `RetryAfter` it backs off exponentially,
/// ``minimumDelay`` doubled after each poll up to ``maximumBackoff`` (1, 2, 4, 8, 16, 20, 20 … s). Past ``timeout``
/// it stops with ``ResourceRequestOutcome/timedOut(lastEvent:)``. Its waits go through an injected ``Sleeper`` and its
/// time comes from an injected clock, so tests take no real time.
///
/// It never resubmits: a request that ended `FAILED` with `ErrorCode` `Throttling` is returned as a failure, and the
/// caller decides whether to send it again (with a new `ClientToken`, since the old one names the failed request).
public struct ResourceRequestWaiter: Sendable {
    /// Where the status is read.
    public var client: CloudControlClient
    /// Seconds from the start of ``wait(for:)`` after which it gives up.
    public var timeout: Double
    /// The shortest wait between polls, and the first backoff step: 1 s.
    public var minimumDelay: Double
    /// The longest backoff wait without `RetryAfter`: 20 s.
    public var maximumBackoff: Double
    /// The longest wait a `RetryAfter` can ask for (a bound against a wrong clock): 60 s.
    public var maximumRetryAfterWait: Double
    /// Failed polls in a row (throttled, or a transport failure, after the client's own retries) tolerated before
    /// giving up with ``ResourceRequestOutcome/statusUnavailable(lastEvent:error:)``: 5. Other errors end at once.
    public var maximumPollFailures: Int
    /// What waits between polls.
    public var sleeper: any Sleeper
    /// The current time, on the clock `RetryAfter` is read against.
    public var now: @Sendable () -> Date
    /// Told about every event: the one waited for, then each one read.
    public var onEvent: (@Sendable (ProgressEvent) -> Void)?

    /// A waiter polling through `client` for at most `timeout` seconds. The clock defaults to the client's signing
    /// clock, which is corrected to AWS's time when AWS rejects a skewed signature.
    public init(
        client: CloudControlClient, timeout: Double, sleeper: any Sleeper = ThreadSleeper(),
        now: (@Sendable () -> Date)? = nil, minimumDelay: Double = 1, maximumBackoff: Double = 20,
        maximumRetryAfterWait: Double = 60, maximumPollFailures: Int = 5,
        onEvent: (@Sendable (ProgressEvent) -> Void)? = nil
    ) {
        self.client = client
        self.timeout = timeout
        self.sleeper = sleeper
        let clock = client.json.retrying.clock
        self.now = now ?? { clock.now() }
        self.minimumDelay = minimumDelay
        self.maximumBackoff = maximumBackoff
        self.maximumRetryAfterWait = maximumRetryAfterWait
        self.maximumPollFailures = maximumPollFailures
        self.onEvent = onEvent
    }

    /// Follows the request `event` (what the write answered) until it is final, the deadline passes or its status
    /// cannot be read. An event that is already final is judged without a poll.
    public func wait(for event: ProgressEvent) -> ResourceRequestOutcome {
        let deadline = now().addingTimeInterval(timeout)
        var last = event
        var polls = 0
        var failures = 0
        onEvent?(event)
        while true {
            if let outcome = Self.finalOutcome(last) { return outcome }
            let current = now()
            let remaining = deadline.timeIntervalSince(current)
            guard remaining > 0 else { return .timedOut(lastEvent: last) }
            let wait = failures > 0 ? backoff(afterPolls: polls) : delay(after: last, polls: polls, now: current)
            sleeper.sleep(seconds: min(wait, remaining))
            polls += 1
            do {
                let next = try client.getResourceRequestStatus(requestToken: event.requestToken)
                guard next.requestToken == event.requestToken else {
                    let detail =
                        "ProgressEvent.RequestToken is '\(next.requestToken)' but request '\(event.requestToken)' "
                        + "was asked for"
                    return .statusUnavailable(
                        lastEvent: last,
                        error: .malformedResponse(
                            operation: "GetResourceRequestStatus", host: client.json.host, detail: detail))
                }
                failures = 0
                last = next
                onEvent?(next)
            } catch {
                failures += 1
                guard Self.isWorthPollingAgain(error), failures < maximumPollFailures else {
                    return .statusUnavailable(lastEvent: last, error: error)
                }
            }
        }
    }

    /// Seconds to wait before the next poll after `event`, at `now`, when `polls` polls have been made: until
    /// `RetryAfter` (at least ``minimumDelay``, at most ``maximumRetryAfterWait``), else the backoff step.
    public func delay(after event: ProgressEvent, polls: Int, now: Date) -> Double {
        guard let retryAfter = event.retryAfter else { return backoff(afterPolls: polls) }
        let wait = retryAfter.timeIntervalSince(now)
        return min(max(wait, minimumDelay), max(maximumRetryAfterWait, minimumDelay))
    }

    /// The backoff step after `polls` polls: ``minimumDelay`` × 2^polls, at most ``maximumBackoff``.
    public func backoff(afterPolls polls: Int) -> Double {
        let step = minimumDelay * Double(sign: .plus, exponent: min(max(polls, 0), 62), significand: 1)
        return min(step, max(maximumBackoff, minimumDelay))
    }

    /// The outcome of a final event; `nil` while the request can still change.
    static func finalOutcome(_ event: ProgressEvent) -> ResourceRequestOutcome? {
        switch event.operationStatus {
        case .success: return .succeeded(event)
        case .failed: return .failed(event)
        case .cancelComplete: return .cancelled(event)
        case .other: return .unrecognizedStatus(event)
        case .pending, .inProgress, .cancelInProgress: return nil
        }
    }

    /// Whether a failed poll may succeed later: throttling, a server fault, or no complete response (the client has
    /// already spent its own retries on it). An answer such as `AccessDeniedException` or
    /// `RequestTokenNotFoundException` will not change, nor will a response that cannot be read.
    static func isWorthPollingAgain(_ error: AWSServiceError) -> Bool {
        switch error {
        case .service(let response, _, _):
            let kind = RetryPolicy.standard.classify(response)
            return kind == .throttling || kind == .transient
        case .transport(let failure, _, _):
            return failure.isConnectionError || failure.isTimeout
        case .malformedResponse:
            return false
        }
    }
}
