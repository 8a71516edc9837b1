"""Background jobs: the queue the web app hands video analyses to (:mod:`.queue`).

Infrastructure below the use cases: it stores and leases jobs, and runs the
function a use case registered for each kind; it imports no service.
"""

__all__: list[str] = []
