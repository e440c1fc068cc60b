"""Every write to the register, one module per part: ``register`` (enterprises, accounts,
pairing), ``figures`` (monthly figures and the bureau's imports), ``libraries`` (cultivation
libraries), ``appeals`` (诉求), ``computed`` (targets computed from the register)."""
