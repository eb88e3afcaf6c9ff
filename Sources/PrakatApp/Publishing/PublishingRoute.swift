import Foundation
import PrakatCore
import Vapor

/// The staff side of publishing: the desk, publication requests and their workflow steps,
/// attachments, the printed form and memo, and the category tree.
enum PublishingRoute: TypedRoute {
    case desk
    case requests
    case requestNew
    case requestCreate
    case request(UUID)
    case requestEdit(UUID)
    case requestUpdate(UUID)
    case requestAction(UUID, RequestAction)
    case requestAttachments(UUID)
    case requestFile(UUID, UUID)
    case requestFileRemove(UUID, UUID)
    case printForm(UUID)
    case printFormPDF(UUID)
    case printMemo(UUID)
    case printMemoPDF(UUID)
    case revise(UUID)
    case categories
    case categoryNew
    case categoryCreate
    case category(UUID)
    case categoryUpdate(UUID)

    /// The workflow steps a request page offers.
    static let requestActions: [RequestAction] = [.submit, .approve, .returnToAuthor, .reject, .permit, .refuse, .publish, .withdraw]

    static let examples: [PublishingRoute] = {
        let id = UUID(uuidString: "3f2504e0-4f89-11d3-9a0c-0305e82c3301") ?? UUID()
        let file = UUID(uuidString: "9a0c0305-e82c-3301-3f25-04e04f8911d3") ?? UUID()
        return [.desk, .requests, .requestNew, .requestCreate, .request(id), .requestEdit(id), .requestUpdate(id)]
            + requestActions.map { .requestAction(id, $0) }
            + [
                .requestAttachments(id), .requestFile(id, file), .requestFileRemove(id, file), .printForm(id), .printFormPDF(id),
                .printMemo(id), .printMemoPDF(id), .revise(id), .categories, .categoryNew, .categoryCreate, .category(id), .categoryUpdate(id)
            ]
    }()

    var method: HTTPMethod {
        switch self {
        case .desk, .requests, .requestNew, .request, .requestEdit, .requestFile, .printForm, .printFormPDF, .printMemo, .printMemoPDF,
            .categories, .categoryNew, .category:
            .GET
        case .requestCreate, .requestUpdate, .requestAction, .requestAttachments, .requestFileRemove, .revise, .categoryCreate, .categoryUpdate:
            .POST
        }
    }

    var segments: [RouteSegment] {
        let staff = RouteSegment.constant("staff"), requests = RouteSegment.constant("requests")
        func request(_ id: UUID) -> [RouteSegment] { [staff, requests, .parameter("requestID", id.lowercased)] }
        switch self {
        case .desk: return [staff]
        case .requests, .requestCreate: return [staff, requests]
        case .requestNew: return [staff, requests, .constant("new")]
        case .request(let id): return request(id)
        case .requestEdit(let id), .requestUpdate(let id): return request(id) + [.constant("edit")]
        case let .requestAction(id, action): return request(id) + [.constant(action.rawValue)]
        case .requestAttachments(let id): return request(id) + [.constant("attachments")]
        case let .requestFile(id, file): return request(id) + [.constant("files"), .parameter("fileID", file.lowercased)]
        case let .requestFileRemove(id, file): return request(id) + [.constant("files"), .parameter("fileID", file.lowercased), .constant("remove")]
        case .printForm(let id): return request(id) + [.constant("form")]
        case .printFormPDF(let id): return request(id) + [.constant("form.pdf")]
        case .printMemo(let id): return request(id) + [.constant("memo")]
        case .printMemoPDF(let id): return request(id) + [.constant("memo.pdf")]
        case .revise(let id): return [staff, .constant("publications"), .parameter("publicationID", id.lowercased), .constant("revise")]
        case .categories, .categoryCreate: return [staff, .constant("categories")]
        case .categoryNew: return [staff, .constant("categories"), .constant("new")]
        case .category(let id), .categoryUpdate(let id): return [staff, .constant("categories"), .parameter("categoryID", id.lowercased)]
        }
    }

    var policy: AccessPolicy {
        switch self {
        case .desk: .signedIn
        case .requests, .request, .requestFile, .printForm, .printFormPDF, .printMemo, .printMemoPDF: .roles(PublishingRoles.participants)
        case .requestNew, .requestCreate, .requestEdit, .requestUpdate, .requestAttachments, .requestFileRemove, .revise: .roles([.staff])
        case .requestAction(_, let action): .roles(action.permittedRoles)
        case .categories, .categoryNew, .categoryCreate, .category, .categoryUpdate: .roles([.webmaster])
        }
    }

    var options: RouteOptions {
        // Attachments are limited by the upload checks, not by the default body size.
        switch self {
        case .requestAttachments: return RouteOptions(body: .collect(maxSize: nil))
        case .requestCreate, .requestUpdate: return RouteOptions(keepsTypedText: true)
        default: return .none
        }
    }

    static func parse(_ template: PublishingRoute, _ p: RouteParameters) -> PublishingRoute? {
        let request = p.uuid("requestID")
        switch template {
        case .desk, .requests, .requestNew, .requestCreate, .categories, .categoryNew, .categoryCreate: return template
        case .request: return request.map(PublishingRoute.request)
        case .requestEdit: return request.map(PublishingRoute.requestEdit)
        case .requestUpdate: return request.map(PublishingRoute.requestUpdate)
        case .requestAction(_, let action): return request.map { .requestAction($0, action) }
        case .requestAttachments: return request.map(PublishingRoute.requestAttachments)
        case .requestFile:
            guard let request, let file = p.uuid("fileID") else { return nil }
            return .requestFile(request, file)
        case .requestFileRemove:
            guard let request, let file = p.uuid("fileID") else { return nil }
            return .requestFileRemove(request, file)
        case .printForm: return request.map(PublishingRoute.printForm)
        case .printFormPDF: return request.map(PublishingRoute.printFormPDF)
        case .printMemo: return request.map(PublishingRoute.printMemo)
        case .printMemoPDF: return request.map(PublishingRoute.printMemoPDF)
        case .revise: return p.uuid("publicationID").map(PublishingRoute.revise)
        case .category: return p.uuid("categoryID").map(PublishingRoute.category)
        case .categoryUpdate: return p.uuid("categoryID").map(PublishingRoute.categoryUpdate)
        }
    }
}

/// The staff publishing pages: decode, authorise (by the route's policy), call, render.
enum PublishingPages {
    static func register(_ routes: any RoutesBuilder) {
        let pages = PublishingRoutes(), categories = CategoryRoutes(), print = PrintRoutes()
        routes.register(
            PublishingRoute.self,
            refill: { req, route in
                switch route {
                case .requestCreate: try await pages.refillForm(req, requestID: nil)
                case .requestUpdate(let id): try await pages.refillForm(req, requestID: id)
                default: throw PrakatError.notFound()
                }
            }
        ) { req, route in
            switch route {
            case .desk: try await pages.desk(req)
            case .requests: try await pages.list(req)
            case .requestNew: try await pages.newRequest(req)
            case .requestCreate: try await pages.create(req)
            case .request(let id): try await pages.show(req, requestID: id)
            case .requestEdit(let id): try await pages.edit(req, requestID: id)
            case .requestUpdate(let id): try await pages.update(req, requestID: id)
            case let .requestAction(id, action): try await pages.perform(action, req, requestID: id)
            case .requestAttachments(let id): try await pages.attach(req, requestID: id)
            case let .requestFile(id, file): try await pages.download(req, requestID: id, fileID: file)
            case let .requestFileRemove(id, file): try await pages.detach(req, requestID: id, fileID: file)
            case .printForm(let id): try await print.page(req, requestID: id, memo: false, pdf: false)
            case .printFormPDF(let id): try await print.page(req, requestID: id, memo: false, pdf: true)
            case .printMemo(let id): try await print.page(req, requestID: id, memo: true, pdf: false)
            case .printMemoPDF(let id): try await print.page(req, requestID: id, memo: true, pdf: true)
            case .revise(let id): try await pages.revise(req, publicationID: id)
            case .categories: try await categories.list(req)
            case .categoryNew: try await categories.new(req)
            case .categoryCreate: try await categories.create(req)
            case .category(let id): try await categories.edit(req, id: id)
            case .categoryUpdate(let id): try await categories.update(req, id: id)
            }
        }
    }
}
