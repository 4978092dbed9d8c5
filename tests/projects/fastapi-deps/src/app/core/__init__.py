from .deps import *
