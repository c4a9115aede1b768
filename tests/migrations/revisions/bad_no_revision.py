"""nothing here"""
import os
