import Fluent
import Foundation
import PrakatCore
import Vapor

extension PublishingService {
    var uploadPolicy: UploadPolicy { UploadPolicy(maxBytes: config.maxUploadBytes) }

    /// Checks a file by its content (seed 1 §2.7) and attaches it to a request the author may
    /// still edit. A refused file changes nothing: the check runs before the transaction.
    /// A photo needs its text alternative; it is stored without its metadata (GPS, camera, owner)
    /// and with its smaller copies, made here so that no page view waits for them.
    func attach(
        fileName: String, data: Data, to requestID: UUID, by user: User, actor: AuditActor, description: PhotoDescription = PhotoDescription(),
        logger: Logger = Logger(label: "prakat.photos")
    ) async throws -> Attachment {
        let inspected = try Self.inspect(fileName: fileName, data: data, policy: uploadPolicy)
        let photoText = try description.checked(for: inspected.kind).mapError { PublishingError.invalid($0) }.get()
        let photo = await thumbnailer.prepare(data, kind: inspected.kind, logger: logger)
        let stored = photo?.data ?? data
        let sha256 = photo?.sha256 ?? inspected.sha256
        let photoWidth = photo?.width
        let photoHeight = photo?.height
        var auditDetails = ["file": inspected.fileName, "sha256": sha256, "size": String(stored.count)]
        if let alt = photoText.alt { auditDetails["alt"] = alt }
        let details = auditDetails
        let workflowActor = try Self.actor(user)
        return try await writer.write { tx in
            let request = try await lockedRequest(requestID, expectedVersion: nil, tx)
            let head = try await unitHead(request, tx)
            if let denial = RequestWorkflow.denial(.edit, by: workflowActor, on: facts(request, unitHeadID: head)) { throw PublishingError.denied(denial) }
            let existing = try await Attachment.query(on: tx.db).filter(\.$requestID == requestID).all()
            guard existing.count < Self.maxAttachments else {
                var errors = FormErrors()
                errors.add("file", PublishingText.tooManyAttachments)
                throw PublishingError.invalid(errors)
            }
            let now = clock.now()
            // Content-addressed: the same file attached twice (or to a revision) is stored once.
            if let photo {
                try await PhotoStore.save(photo, now: now, on: tx.db)
            } else if try await Blob.find(sha256, on: tx.db) == nil {
                try await Blob(sha256: sha256, data: stored, createdAt: now).create(on: tx.db)
            }
            let attachment = Attachment()
            attachment.id = UUID()
            attachment.requestID = requestID
            attachment.fileName = inspected.fileName
            attachment.kind = inspected.kind.rawValue
            attachment.contentType = inspected.contentType
            attachment.size = stored.count
            attachment.sha256 = sha256
            attachment.altText = photoText.alt
            attachment.credit = photoText.credit
            attachment.width = photoWidth
            attachment.height = photoHeight
            attachment.archiveEntries = inspected.archiveEntries.joined(separator: "\n")
            attachment.position = (existing.map(\.position).max() ?? -1) + 1
            attachment.createdAt = now
            try await attachment.create(on: tx.db)
            request.version += 1
            request.updatedAt = now
            try await request.update(on: tx.db)
            try await audit.record(
                AuditEvent(
                    .attachmentAdded, entityType: "publication_request", entityID: requestID.lowercased,
                    details: details),
                by: actor, in: tx)
            return attachment
        }
    }

    private static func inspect(fileName: String, data: Data, policy: UploadPolicy) throws(PublishingError) -> InspectedFile {
        do {
            return try UploadInspector.inspect(fileName: fileName, data: data, policy: policy)
        } catch {
            throw PublishingError.upload(error)
        }
    }

    func detach(_ attachmentID: UUID, from requestID: UUID, by user: User, actor: AuditActor) async throws {
        let workflowActor = try Self.actor(user)
        try await writer.write { tx in
            let request = try await lockedRequest(requestID, expectedVersion: nil, tx)
            let head = try await unitHead(request, tx)
            if let denial = RequestWorkflow.denial(.edit, by: workflowActor, on: facts(request, unitHeadID: head)) { throw PublishingError.denied(denial) }
            guard let attachment = try await Attachment.query(on: tx.db).filter(\.$id == attachmentID).filter(\.$requestID == requestID).first() else {
                throw PublishingError.notFound
            }
            try await attachment.delete(on: tx.db)
            request.version += 1
            request.updatedAt = clock.now()
            try await request.update(on: tx.db)
            // The blob stays: other requests or revisions may point at it, and the audit trail names its hash.
            try await audit.record(
                AuditEvent(
                    .attachmentRemoved, entityType: "publication_request", entityID: requestID.lowercased,
                    details: ["file": attachment.fileName, "sha256": attachment.sha256]), by: actor, in: tx)
        }
    }
}

/// Sends an attachment with its checked type, a Thai-safe `Content-Disposition` (RFC 5987)
/// and `nosniff` (set for every response by SecurityHeadersMiddleware).
enum AttachmentResponse {
    static func make(_ attachment: Attachment, req: Request, cacheControl: String) async throws -> Response {
        // Images and PDFs open in the browser; office files and archives download.
        let kind = FileKind(rawValue: attachment.kind)
        let inline = kind == .pdf || kind?.isImage == true
        return try await blob(
            sha256: attachment.sha256, contentType: attachment.contentType,
            disposition: inline ? ContentDisposition.inline(fileName: attachment.fileName) : ContentDisposition.attachment(fileName: attachment.fileName),
            req: req, cacheControl: cacheControl)
    }

    /// A stored blob: content addressed, so its hash is its ETag.
    static func blob(sha256: String, contentType: String, disposition: String, req: Request, cacheControl: String) async throws -> Response {
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .contentType, value: contentType)
        headers.replaceOrAdd(name: .contentDisposition, value: disposition)
        headers.replaceOrAdd(name: .cacheControl, value: cacheControl)
        headers.replaceOrAdd(name: .eTag, value: "\"\(sha256.prefix(32))\"")
        if req.headers.first(name: .ifNoneMatch) == "\"\(sha256.prefix(32))\"" {
            return Response(status: .notModified, headers: headers)
        }
        guard let blob = try await Blob.find(sha256, on: req.db) else { throw PrakatError.notFound() }
        // A PDF or image shown inline must not run anything: a sandboxing CSP on the file itself.
        headers.replaceOrAdd(name: "Content-Security-Policy", value: "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; sandbox")
        // Photos are stored without their metadata since issue 11; one attached before then is
        // stripped on the way out, so no download carries where it was taken.
        let isPhoto = contentType == FileKind.jpeg.contentType || contentType == FileKind.png.contentType
        let data = isPhoto ? ImageMetadataStripper.strip(blob.data, keepingOrientation: true) ?? blob.data : blob.data
        var buffer = ByteBufferAllocator().buffer(capacity: data.count)
        buffer.writeBytes(data)
        return Response(status: .ok, headers: headers, body: req.method == .HEAD ? .empty : .init(buffer: buffer))
    }
}
