import AWSCore

/// How following a Cloud Control resource request ended (``ResourceRequestWaiter``). Only ``succeeded(_:)`` is a
/// success: a cancelled request, a status iamgate does not know, a wait that ran out and a status that could not be
/// read are all failures, and each keeps the last event seen, so its `RequestToken` can be reported.
public enum ResourceRequestOutcome: Sendable, Hashable, CustomStringConvertible {
    /// `SUCCESS`.
    case succeeded(ProgressEvent)
    /// `FAILED`: the event's `ErrorCode` and `StatusMessage` say why. A `Throttling` failure may be resubmitted with
    /// a new `ClientToken`; that is the caller's decision, not the waiter's.
    case failed(ProgressEvent)
    /// `CANCEL_COMPLETE`: the request was cancelled and did not complete.
    case cancelled(ProgressEvent)
    /// A status the model does not list: not known to be final, so never taken for success.
    case unrecognizedStatus(ProgressEvent)
    /// The deadline passed while the request was still in progress; AWS goes on with it.
    case timedOut(lastEvent: ProgressEvent)
    /// GetResourceRequestStatus failed in a way more polling would not mend (or too many times in a row); the
    /// request's fate is unknown.
    case statusUnavailable(lastEvent: ProgressEvent, error: AWSServiceError)

    /// The last event seen.
    public var event: ProgressEvent {
        switch self {
        case .succeeded(let event), .failed(let event), .cancelled(let event), .unrecognizedStatus(let event),
            .timedOut(let event), .statusUnavailable(let event, _):
            return event
        }
    }

    /// Whether the request ended `SUCCESS`.
    public var isSuccess: Bool {
        if case .succeeded = self { return true }
        return false
    }

    /// The request's token, to follow it with `GetResourceRequestStatus` later.
    public var requestToken: String { event.requestToken }

    public var description: String {
        let event = self.event
        var request = "request \(event.requestToken)"
        if let operation = event.operation { request = "\(operation.rawValue) \(request)" }
        if let typeName = event.typeName { request += " for \(typeName)" }
        let subject = "the \(request)"
        switch self {
        case .succeeded:
            guard let identifier = event.identifier else { return "\(subject) succeeded" }
            return "\(subject) succeeded (identifier \(identifier))"
        case .failed:
            var text = "\(subject) failed"
            if let code = event.errorCode { text += " with \(code)" }
            if let message = event.statusMessage, !message.isEmpty { text += ": \(message)" }
            return text
        case .cancelled:
            return "\(subject) was cancelled (CANCEL_COMPLETE) and did not complete"
        case .unrecognizedStatus:
            return "\(subject) reported status '\(event.operationStatus.rawValue)', which is not a known final state"
        case .timedOut:
            return "\(subject) was still \(event.operationStatus.rawValue) when the wait timed out; AWS goes on with it"
        case .statusUnavailable(_, let error):
            return "the status of the \(request) could not be read: \(error)"
        }
    }
}
