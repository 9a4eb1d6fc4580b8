"""`pmlint share`: post each Final post-mortem to a chat webhook once (`run`), as a message
(`message`) over the webhook (`webhook`), recorded in its Shared field (`record`)."""
