"""Sign-in with the energy company's account (OpenID Connect): the provider's discovery, the backend that finds or
creates the homeowner by the customer number, and the pages that say why a sign-in was refused."""
