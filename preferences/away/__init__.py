""" "I'm away": pause chosen devices until a return date, and switch them back on then."""
