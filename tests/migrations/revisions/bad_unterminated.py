"""never closed

revision = 'x'
