import Fluent
import Foundation
import PrakatCore
import Vapor

/// The staff side of seed 1's workflow, one file per concern in `Requests/`: the desk and
/// list (`DeskPages`), the form (`RequestFormPages`), the request page with its steps and
/// attachments (`RequestPages`). Registered by `PublishingPages` from `PublishingRoute`.
struct PublishingRoutes {}
