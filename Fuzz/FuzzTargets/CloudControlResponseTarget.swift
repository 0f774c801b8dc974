import AWSCore
import AWSServices
import JSON

/// Cloud Control's JSON answers as exec reads them: the input is the body of every answer. Sent with status 200, it
/// is read as the answer to each write (a `ProgressEvent`), to GetResource and ListResources (`ResourceDescription`s,
/// whose properties exec reads as JSON) and to ListResourceRequests, and the event CreateResource answers is followed
/// by the waiter to its end, on a clock that moves only when the waiter sleeps. Sent with 400 (and, for one input
/// length in four, with 503, retried with no real wait), it is read as an error.
enum CloudControlResponseTarget {
    static let typeName = "AWS::ImageBuilder::Image"
    static let image = "arn:aws:imagebuilder:us-east-1:111122223333:image/web/1.0.0/1"

    static func run(_ bytes: [UInt8]) {
        for status in FuzzInput.statuses(bytes) {
            let clock = AdvancingClock()
            let client = CloudControlClient(
                endpoint: ScriptedAWS.endpoint, region: "us-east-1", credentials: ScriptedAWS.credentials,
                transport: ScriptedTransport(status: status, body: bytes), clock: SigningClock(source: { clock.now }),
                sleeper: clock, random: FixedRandomSource(0.5))
            // An error status ends every call the same way: one call reads it.
            guard status == 200 else {
                describe { () throws(AWSServiceError) in "\(try Write.create.submit(client))" }
                continue
            }
            for write in Write.allCases {
                switch Result(catching: { () throws(AWSServiceError) in try write.submit(client) }) {
                case .success(let event) where write == .create:
                    let waiter = ResourceRequestWaiter(client: client, timeout: 30, sleeper: clock, now: { clock.now })
                    _ = waiter.wait(for: event).description
                case .success(let event):
                    _ = "\(event)"
                case .failure(let error):
                    _ = error.description
                }
            }
            describe { () throws(AWSServiceError) in
                let description = try client.getResource(typeName: typeName, identifier: image)
                return properties([description])
            }
            describe { () throws(AWSServiceError) in
                properties(try client.listResources(typeName: typeName))
            }
            describe { () throws(AWSServiceError) in
                try client.listResourceRequests().map(\.operationStatus.rawValue).joined()
            }
        }
    }

    /// The calls Cloud Control answers with a `ProgressEvent`.
    enum Write: CaseIterable {
        case create
        case update
        case cancel

        func submit(_ client: CloudControlClient) throws(AWSServiceError) -> ProgressEvent {
            switch self {
            case .create:
                return try client.createResource(typeName: typeName, desiredState: "{}", clientToken: "fuzz-1")
            case .update:
                return try client.updateResource(
                    typeName: typeName, identifier: image, patchDocument: "[]", clientToken: "fuzz-2")
            case .cancel:
                return try client.cancelResourceRequest(requestToken: "fuzz-token")
            }
        }
    }

    /// Each resource's properties read as exec reads them for its result rows, and written back out.
    static func properties(_ descriptions: [ResourceDescription]) -> String {
        descriptions.map { description in
            guard let properties = description.properties, let node = try? JSONParser.parse(Array(properties.utf8))
            else { return description.identifier }
            return JSONOutput(node).rendered(pretty: false)
        }.joined()
    }

    /// The call's result or its error as the CLI would print it.
    static func describe(_ call: () throws(AWSServiceError) -> String) {
        switch Result(catching: call) {
        case .success(let text): _ = text
        case .failure(let error): _ = error.description
        }
    }
}
